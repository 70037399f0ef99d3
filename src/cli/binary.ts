// Is this the start of a binary file? A kernel log is text: a few stray NULs or control bytes
// (a serial line's noise) are fine, a block of them is not.
export function looksBinary(head: Uint8Array): boolean {
  const n = Math.min(head.length, 8192);
  if (n === 0) return false;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = head[i]!;
    if (c === 0 || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 27 && c !== 12)) bad++;
  }
  return bad > n * 0.1;
}
