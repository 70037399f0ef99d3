// The fast paths against the full parser: the analysis by default (skim loops and byte-level
// shortcuts on), fed in the given chunk sizes, must equal the one with every line through the
// full parser (fastPath: false).

import * as assert from 'node:assert/strict';
import { Analyzer, analyzeBytes } from '../../../src/core/analyze';

export function agree(bytes: Uint8Array, cuts: readonly number[] = [1 << 16]): void {
  const full = analyzeBytes(bytes, { fastPath: false });
  // The fast path with its WebAssembly loop (the default) and without it (log/wasmSkim.ts).
  for (const wasm of [true, false]) {
    const a = new Analyzer({ wasm });
    for (let at = 0, k = 0; at < bytes.length; k++) {
      const n = cuts[k % cuts.length]!;
      a.push(bytes.subarray(at, at + n));
      at += n;
    }
    assert.deepEqual(a.end(), full, wasm ? 'the fast path with WebAssembly' : 'the fast path in JavaScript');
  }
}
