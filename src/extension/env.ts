// Where the extension runs. The web bundle is built with process.env.RCU_LENS_WEB defined as "1"
// (src/tools/build.mjs), so this is a constant there and Node-only branches drop out.

/** True in VS Code for the Web (browser extension host): no Node APIs. */
export const IS_WEB: boolean = !!process.env.RCU_LENS_WEB;

/** Node's fs module in a Node extension host, null in the browser. Never bundled for the web. */
export function nodeFs(): typeof import('fs') | null {
  if (process.env.RCU_LENS_WEB) return null;
  try {
    const r = typeof require === 'function' ? require : undefined;
    return r ? (r('fs') as typeof import('fs')) : null;
  } catch {
    return null;
  }
}
