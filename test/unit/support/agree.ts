// The fast paths against the full parser: the analysis by default (skim loops and byte-level
// shortcuts on), fed in the given chunk sizes, with its WebAssembly loops and without them, must
// equal the one with every line through the full parser (fastPath: false).

import * as assert from 'node:assert/strict';
import { Analyzer, analyzeBytes } from '../../../src/core/analyze';

export interface AgreeOptions {
  maxLine?: number;
  /** The first chunk's size, when it is not cuts[0] (the ftrace tests let the sniffer settle first). */
  first?: number;
  /** The format each fast analysis must have found. */
  format?: string;
}

export function agree(bytes: Uint8Array, cuts: readonly number[] = [1 << 16], o: AgreeOptions = {}): void {
  const full = analyzeBytes(bytes, { fastPath: false, maxLine: o.maxLine });
  // The fast path with its WebAssembly loop (the default) and without it (log/wasmSkim.ts).
  for (const wasm of [true, false]) {
    const a = new Analyzer({ wasm, maxLine: o.maxLine });
    for (let at = 0, k = 0; at < bytes.length; k++) {
      const n = k === 0 && o.first !== undefined ? o.first : cuts[k % cuts.length]!;
      a.push(bytes.subarray(at, at + n));
      at += n;
    }
    const fast = a.end();
    const what = `the fast path ${wasm ? 'with WebAssembly' : 'in JavaScript'}, chunks of ${cuts.join(', ')}${o.maxLine ? `, maxLine ${o.maxLine}` : ''}`;
    if (o.format !== undefined) assert.equal(fast.format, o.format, what);
    assert.deepEqual(fast, full, what);
  }
}

/** The parts, one after the other. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
