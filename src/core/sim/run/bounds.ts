// A user's scenario may ask for more work than any answer is worth (calls fanning out 2^20 ways,
// a task that spawns itself): the simulator's stages stop at a bound and say so with this error,
// which the CLI reports as bad input (exit 2), never as a crash.

export class WorkBoundError extends Error {}

/** Steps a function may have once its calls are inlined (fit, mutations). */
export const MAX_INLINED_STEPS = 100_000;
