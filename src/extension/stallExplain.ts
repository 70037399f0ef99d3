// Stall hovers use the stalls module's explainer (src/core/stalls/explain.ts) once it is part of
// the build; until then the line hover's short fallback speaks for stall reports.
import type { StallExplainer } from './hover';

export const stallExplainer: StallExplainer | undefined = undefined;
