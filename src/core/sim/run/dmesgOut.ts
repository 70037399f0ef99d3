// The expected log's line format: plain `dmesg`, `[  131.102161] msg`, as the kernel prints it
// (seconds right-aligned in five columns, then microseconds), so the core reads it like any log.

/** One dmesg line for a time in integer microseconds since boot. */
export function formatDmesgLine(us: number, text: string): string {
  const t = Math.max(0, Math.round(us));
  const secs = Math.floor(t / 1e6);
  const frac = t - secs * 1e6;
  return `[${String(secs).padStart(5, ' ')}.${String(frac).padStart(6, '0')}] ${text}`;
}
