// The visible x range and its arithmetic: zoom about a point, pan, fit, and limits that keep the
// data in sight and the numbers sane.

export class Viewport {
  from = 0;
  to = 1;
  private min = 0;
  private max = 1;

  setExtent(min: number, max: number): void {
    this.min = min;
    this.max = max > min ? max : min + 1;
  }

  get span(): number {
    return this.to - this.from;
  }

  /** Everything, with a small margin either side. */
  fit(): void {
    const pad = (this.max - this.min) * 0.02;
    this.set(this.min - pad, this.max + pad);
  }

  /** factor < 1 zooms in; `at` (x units) stays where it is on screen. */
  zoom(factor: number, at = (this.from + this.to) / 2): void {
    const span = this.span * factor;
    const t = (at - this.from) / this.span;
    this.set(at - t * span, at - t * span + span);
  }

  pan(dx: number): void {
    this.set(this.from + dx, this.to + dx);
  }

  /** Sets the range, clamped: not narrower than a billionth of the data, not wider than 4× it, and on it. */
  set(from: number, to: number): void {
    if (!Number.isFinite(from) || !Number.isFinite(to)) return;
    const full = this.max - this.min;
    const span = Math.min(Math.max(to - from, full * 1e-9, 1e-9), full * 4);
    // Keep at least a tenth of the view on the data.
    const f = Math.min(Math.max((from + to) / 2 - span / 2, this.min - span * 0.9), this.max - span * 0.1);
    this.from = f;
    this.to = f + span;
  }

  /** Pans (and zooms out if needed) so [a, b] is in view with a margin. */
  reveal(a: number, b: number): void {
    if (a >= this.from && b <= this.to) return;   // already in view: do not move under the user
    const margin = this.span * 0.08;
    if (b - a > this.span - 2 * margin) { const pad = (b - a) * 0.1 + 1e-9; this.set(a - pad, b + pad); return; }
    if (a < this.from + margin) this.pan(a - margin - this.from);
    else if (b > this.to - margin) this.pan(b + margin - this.to);
  }
}
