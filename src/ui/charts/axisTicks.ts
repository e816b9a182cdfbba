/**
 * Round-number axis ticks computed from the data we already hold. recharts can derive them itself,
 * but does so with decimal.js on every redraw of every chart; handing it fixed ticks and a fixed
 * domain spares that work, which was a sizeable share of each redraw during a fast run.
 */
export interface Scale {
  readonly domain: [number, number];
  readonly ticks: number[];
  /** Decimals that tell neighbouring ticks apart (a step of 0.25 needs two). */
  readonly digits: number;
}

/** Decimal places of a tick step, e.g. 0.025 -> 3, 2.5 -> 1, 50 -> 0 (capped at 6). */
export function decimals(step: number): number {
  const [mantissa = '', exponent = '0'] = String(step).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.min(6, Math.max(0, fraction - Number(exponent)));
}

/** 1, 2, 2.5 or 5 times a power of ten: the smallest such step at least `raw`. */
function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/**
 * About `count` evenly spaced round ticks covering [lo, hi]; the domain runs from the first tick to
 * the last. Returns null when there is nothing finite to scale.
 */
export function niceScale(lo: number, hi: number, count = 5): Scale | null {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) return null;
  if (lo === hi) {
    // A flat line still needs a band around it to be drawn in the middle.
    const pad = lo === 0 ? 1 : Math.abs(lo) / 10;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / Math.max(1, count - 1));
  const first = Math.floor(lo / step);
  const last = Math.ceil(hi / step);
  const ticks: number[] = [];
  // Integer multiples, then one multiplication each: no accumulated floating-point drift.
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toPrecision(12)));
  return {
    domain: [ticks[0] ?? lo, ticks[ticks.length - 1] ?? hi],
    ticks,
    digits: decimals(Number(step.toPrecision(12))),
  };
}

/** Smallest and largest finite value of the given keys over the rows. */
export function extent(
  rows: readonly Record<string, number | null>[],
  keys: readonly string[],
): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const row of rows) {
    for (const k of keys) {
      const v = row[k];
      if (v == null || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return [lo, hi];
}
