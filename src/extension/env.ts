

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
