// How long the fuzz properties run: their ordinary count in `npm run test:unit`, times
// RCU_LENS_FUZZ under `npm run fuzz` (src/tools/fuzz.mjs), with a fresh seed each time there.
const FACTOR = Math.max(1, Number(process.env['RCU_LENS_FUZZ'] ?? 1) || 1);

export function fuzzRuns(n: number): number {
  return Math.round(n * FACTOR);
}

/** fast-check parameters: numRuns scaled; the seed printed by fast-check on failure reproduces it. */
export function fuzzParams(n: number): { numRuns: number } {
  return { numRuns: fuzzRuns(n) };
}
