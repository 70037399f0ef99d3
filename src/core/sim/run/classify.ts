// Naming printed messages the way the analyzer does: the core's profile maps a message to an
// event kind (and, for `start <task>`, to the task started). The simulator knows who printed
// each line, so the task of every other event is simply its printer.

import type { EventKind } from '../../model';
import { type CompiledProfile, type Profile, PHASED_STATE_CHANGE, compileProfile, matchMessage } from '../../patterns/profile';

export type Classifier = (text: string, printer: string) => { kind: EventKind | null; task: string | null };

export function classifier(profile: Profile | CompiledProfile = PHASED_STATE_CHANGE): Classifier {
  const p = 'rules' in profile && Array.isArray(profile.rules) ? profile as CompiledProfile : compileProfile(profile as Profile);
  return (text, printer) => {
    const m = matchMessage(p, text);
    if (!m) return { kind: null, task: null };
    return { kind: m.kind, task: m.kind === 'spawn' ? m.task ?? null : m.task ?? printer };
  };
}
