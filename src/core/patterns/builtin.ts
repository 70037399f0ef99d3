// The built-in patterns besides the seed's profile (profile.ts), tried on every log: each applies
// where its messages appear.

import type { Pattern } from './schema';
import { RCU_LIST } from './rcu-list/pattern';
import { ADDONLY_LIST } from './addonly-list/pattern';

export const BUILTIN_PATTERNS: readonly Pattern[] = [RCU_LIST, ADDONLY_LIST];
