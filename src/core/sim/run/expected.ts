// The expected log read back through the core analyzer, exactly as a user's log would be: the
// simulator never decides for itself whether its output breaks an RCU rule, the core's checks do.

import { analyzeText } from '../../analyze';
import type { Analysis } from '../../model';
import type { CompiledProfile, Profile } from '../../patterns/profile';
import type { SimResult } from './types';

export function analyzeExpected(sim: SimResult, profile?: Profile | CompiledProfile): Analysis {
  return analyzeText(sim.log, profile ? { profile } : {});
}
