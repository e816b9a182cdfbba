/**
 * The replication report's plots: a histogram of one figure over seeds per variant (overlaid),
 * with the thesis's value as a red line. Hand-written SVG, so no browser or canvas is needed.
 */

export interface Series {
  readonly label: string;
  readonly colour: string;
  readonly values: readonly number[];
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const fmt = (x: number): string => {
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(3).replace(/\.?0+$/, '') || '0';
};

export function histogramSvg(opts: {
  title: string;
  unit: string;
  series: readonly Series[];
  thesis: number | null;
  bins?: number;
}): string {
  const W = 560;
  const H = 240;
  const left = 44;
  const right = 16;
  const top = 34;
  const bottom = 44;
  const all = opts.series.flatMap((s) => s.values);
  const marks = opts.thesis === null ? all : [...all, opts.thesis];
  let lo = Math.min(...marks);
  let hi = Math.max(...marks);
  if (!Number.isFinite(lo)) lo = hi = 0;
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = (hi - lo) * 0.03;
  lo -= pad;
  hi += pad;
  const bins = opts.bins ?? 30;
  const width = (hi - lo) / bins;
  const counts = opts.series.map((s) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of s.values) c[Math.min(bins - 1, Math.floor((v - lo) / width))]!++;
    return c;
  });
  const maxCount = Math.max(1, ...counts.flat());
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (W - left - right);
  const y = (c: number) => H - bottom - (c / maxCount) * (H - top - bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${left}" y="16" font-size="13" font-weight="bold">${esc(opts.title)}</text>`,
  ];
  counts.forEach((c, si) => {
    const s = opts.series[si] as Series;
    c.forEach((n, b) => {
      if (n === 0) return;
      const x0 = x(lo + b * width);
      const x1 = x(lo + (b + 1) * width);
      parts.push(
        `<rect x="${x0.toFixed(1)}" y="${y(n).toFixed(1)}" width="${Math.max(0.5, x1 - x0 - 1).toFixed(1)}" height="${(H - bottom - y(n)).toFixed(1)}" fill="${s.colour}" fill-opacity="0.55"/>`,
      );
    });
  });
  const axisY = H - bottom;
  parts.push(
    `<line x1="${left}" y1="${axisY}" x2="${W - right}" y2="${axisY}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${axisY}" stroke="#333"/>`,
    `<text x="${left - 4}" y="${top + 4}" text-anchor="end">${maxCount}</text>`,
    `<text x="${left - 4}" y="${axisY}" text-anchor="end">0</text>`,
    `<text x="12" y="${(top + axisY) / 2}" transform="rotate(-90 12 ${(top + axisY) / 2})" text-anchor="middle">seeds</text>`,
  );
  for (let t = 0; t <= 4; t++) {
    const v = lo + ((hi - lo) * t) / 4;
    parts.push(
      `<line x1="${x(v)}" y1="${axisY}" x2="${x(v)}" y2="${axisY + 4}" stroke="#333"/>`,
      `<text x="${x(v)}" y="${axisY + 16}" text-anchor="middle">${fmt(v)}</text>`,
    );
  }
  parts.push(
    `<text x="${(left + W - right) / 2}" y="${H - 8}" text-anchor="middle">${esc(opts.unit)}</text>`,
  );
  if (opts.thesis !== null) {
    const tx = x(opts.thesis);
    parts.push(
      `<line x1="${tx}" y1="${top - 6}" x2="${tx}" y2="${axisY}" stroke="#d62728" stroke-width="2"/>`,
      `<text x="${Math.min(tx + 4, W - right - 70)}" y="${top}" fill="#d62728">thesis ${fmt(opts.thesis)}</text>`,
    );
  }
  opts.series.forEach((s, i) => {
    const lx = W - right - 170;
    const ly = top + 14 + i * 14;
    parts.push(
      `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${s.colour}" fill-opacity="0.55"/>`,
      `<text x="${lx + 14}" y="${ly}">${esc(`${s.label} (n=${s.values.length})`)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
