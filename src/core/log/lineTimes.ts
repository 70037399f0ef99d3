// The time of every line, kept in fixed blocks (8 bytes a line, never copied as it grows), so run
// and phase bounds can be timed at any line after the stream has gone by.

const SHIFT = 16, SIZE = 1 << SHIFT, MASK = SIZE - 1;

export class LineTimes {
  private readonly blocks: Float64Array[] = [];

  set(line: number, t: number): void {
    const blk = this.blocks[line >>> SHIFT] ?? this.block(line >>> SHIFT);
    blk[line & MASK] = t;
  }

  /** Seconds since boot, NaN when the line had no time (or was never seen). */
  get(line: number): number {
    const blk = this.blocks[line >>> SHIFT];
    return blk ? blk[line & MASK]! : NaN;
  }

  private block(k: number): Float64Array {
    for (let i = this.blocks.length; i <= k; i++) this.blocks.push(new Float64Array(SIZE).fill(NaN));
    return this.blocks[k]!;
  }
}
