// Colour arithmetic for tests that check what is painted: parsing, alpha blending, and the CIE76
// colour difference (ΔE in CIELAB; about 2 is just noticeable, over 25 reads as another colour).

export type Rgb = [number, number, number];

/** #rgb, #rrggbb, #rrggbbaa, rgb(), rgba() → [r, g, b] 0–255 and alpha 0–1. */
export function parseColor(css: string): { rgb: Rgb; alpha: number } {
  const c = css.trim();
  let m = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(c);
  if (m) {
    let h = m[1]!;
    if (h.length === 3) h = [...h].map((x) => x + x).join('');
    const rgb = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
    return { rgb, alpha: h.length === 8 ? parseInt(h.slice(6), 16) / 255 : 1 };
  }
  m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(c);
  if (m) return { rgb: [Number(m[1]), Number(m[2]), Number(m[3])], alpha: m[4] === undefined ? 1 : Number(m[4]) };
  throw new Error(`not a colour: ${css}`);
}

/** `over` painted with its alpha on the opaque `under`. */
export function blend(over: string, under: string): Rgb {
  const o = parseColor(over), u = parseColor(under).rgb;
  return o.rgb.map((v, i) => v * o.alpha + u[i]! * (1 - o.alpha)) as Rgb;
}

function lab([r, g, b]: Rgb): Rgb {
  const lin = (v: number) => { const c = v / 255; return c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92; };
  const [R, G, B] = [lin(r), lin(g), lin(b)];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047), y = f(0.2126 * R + 0.7152 * G + 0.0722 * B), z = f((0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** CIE76 ΔE between two colours (CSS strings, alpha ignored, or [r, g, b]). */
export function deltaE(a: string | Rgb, b: string | Rgb): number {
  const A = lab(typeof a === 'string' ? parseColor(a).rgb : a), B = lab(typeof b === 'string' ? parseColor(b).rgb : b);
  return Math.hypot(A[0] - B[0], A[1] - B[1], A[2] - B[2]);
}
