// Imported first by main.ts, so it is evaluated before any other module of the bundle: the time
// from here to the end of activate() is what activation costs (module evaluation + activate()).
// The extension-host suite reads it through the API (activation.test.ts prints it).
export const clock = { loadStart: performance.now(), activationMs: Number.NaN };
