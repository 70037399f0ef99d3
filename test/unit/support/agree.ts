// The fast paths against the full parser: the analysis by default (skim loops and byte-level
// shortcuts on), fed in the given chunk sizes, must equal the one with every line through the
// full parser (fastPath: false).

import * as assert from 'node:assert/strict';
import { Analyzer, analyzeBytes } from '../../../src/core/analyze';

export function agree(bytes: Uint8Array, cuts: readonly number[] = [1 << 16]): void {
  const a = new Analyzer({});
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = cuts[k % cuts.length]!;
    a.push(bytes.subarray(at, at + n));
    at += n;
  }
  assert.deepEqual(a.end(), analyzeBytes(bytes, { fastPath: false }));
}
