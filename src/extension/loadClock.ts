// Imported first by main.ts, so it is evaluated before any other module of the bundle. What
// activation costs is ours in two parts: evaluating the bundle's modules (from here to the end of
// main.ts's top level) and running activate(); the time VS Code takes between the two is not ours.
// The extension-host suite reads it through the API (activation.test.ts prints it).
export const clock = { loadStart: performance.now(), loadEnd: Number.NaN, activateMs: Number.NaN };

/** Milliseconds of module evaluation + activate() (NaN before activation). */
export function activationCost(): { ms: number; evaluateMs: number; activateMs: number } {
  const evaluateMs = clock.loadEnd - clock.loadStart;
  return { ms: evaluateMs + clock.activateMs, evaluateMs, activateMs: clock.activateMs };
}
