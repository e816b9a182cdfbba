/**
 * A chart as a figure for a paper: a standalone SVG drawn from the data, never from the page's
 * DOM, so a chart that was never on screen exports the same as one that was. Title, axes with
 * their units, every line or bar, a legend and a caption (what ran, which hours) are all in the
 * drawing. Text sizes are estimated rather than measured (there is no layout offscreen), so
 * legend and caption wrap on a generous width per character.
 */
import { niceScale, type Scale } from '../charts/axisTicks';

/** One line: its points as (x, y), y null where it has no value. */
export interface FigureLine {
  readonly key: string;
  readonly name: string;
  readonly color: string;
  readonly width?: number;
  readonly dashed?: boolean;
  /** Lines of a crowd (every household) share one legend entry under this name. */
  readonly group?: string;
  readonly points: readonly (readonly [number, number | null])[];
}

/** A band: filled between a lower and an upper edge, each point (x, lower, upper). */
export interface FigureBand {
  readonly key: string;
  readonly name: string;
  readonly color: string;
  /** Fill opacity, 0 to 1. */
  readonly opacity: number;
  readonly points: readonly (readonly [number, number | null, number | null])[];
}

/** A bar over [from, to) on the x axis. */
export interface FigureBar {
  readonly from: number;
  readonly to: number;
  readonly value: number;
}

export interface FigureTick {
  readonly value: number;
  readonly label: string;
}

export interface Figure {
  /** File name stem and the SVG's id. */
  readonly id: string;
  readonly title: string;
  /** The x axis's name and unit, e.g. "Hour of the run (day, hour of day)". */
  readonly xLabel: string;
  /** The y axis's name and unit, e.g. "Price (coins / 100 Wh)". */
  readonly yLabel: string;
  readonly xDomain: readonly [number, number];
  /** Ticks on the x axis; without them, round numbers over the domain. */
  readonly xTicks?: readonly FigureTick[];
  readonly lines: readonly FigureLine[];
  /** Bands (every household's spread above 100 households), drawn under the lines. */
  readonly bands?: readonly FigureBand[];
  /** Bars (the price histogram), drawn under the lines. */
  readonly bars?: {
    readonly name: string;
    readonly color: string;
    readonly bars: readonly FigureBar[];
  };
  /** Bridge points without a value (default); off where a gap means something. */
  readonly connectNulls?: boolean;
  /** What the figure shows: scenario, seed, mechanism, hours. */
  readonly caption: string;
  /** A line under the caption for what the legend's names do not say (e.g. an empty series). */
  readonly note?: string;
}

export const FIGURE_WIDTH = 960;
const PLOT = { left: 78, right: 24, top: 52, height: 330 } as const;
const FONT = "'DejaVu Sans', Arial, Helvetica, sans-serif";

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A rough width of `text` at `size` px: wide enough for most sans-serif faces. */
const textWidth = (text: string, size: number): number => text.length * size * 0.6;

/** Words of `text` in lines no wider than `width` px at `size`. */
function wrap(text: string, size: number, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size) > width) {
      out.push(line);
      line = word;
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}

const tickText = (v: number, digits: number): string => v.toFixed(digits).replace('-', '−');

/** The y scale: round ticks over every value drawn (0 included for bars). */
function yScale(f: Figure): Scale | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of f.lines) {
    for (const [, y] of l.points) {
      if (y === null || !Number.isFinite(y)) continue;
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
  }
  for (const b of f.bands ?? []) {
    for (const [, l, u] of b.points) {
      for (const v of [l, u]) {
        if (v === null || !Number.isFinite(v)) continue;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  if (f.bars) {
    for (const b of f.bars.bars) {
      lo = Math.min(lo, 0, b.value);
      hi = Math.max(hi, b.value);
    }
  }
  return niceScale(lo, hi, 6);
}

interface LegendEntry {
  readonly name: string;
  readonly color: string;
  readonly dashed: boolean;
  readonly bar: boolean;
  /** A band's swatch: a filled box at this opacity. */
  readonly opacity?: number;
}

function legendEntries(f: Figure): LegendEntry[] {
  const out: LegendEntry[] = [];
  if (f.bars) out.push({ name: f.bars.name, color: f.bars.color, dashed: false, bar: true });
  for (const b of f.bands ?? [])
    out.push({ name: b.name, color: b.color, dashed: false, bar: true, opacity: b.opacity });
  const groups = new Set<string>();
  for (const l of f.lines) {
    if (l.group) {
      if (groups.has(l.group)) continue;
      groups.add(l.group);
    }
    out.push({ name: l.group ?? l.name, color: l.color, dashed: !!l.dashed, bar: false });
  }
  return out;
}

/** The figure as a standalone SVG document, and its size in CSS pixels. */
export function figureSvg(f: Figure): { svg: string; width: number; height: number } {
  const W = FIGURE_WIDTH;
  const plotW = W - PLOT.left - PLOT.right;
  const plotH = PLOT.height;
  const top = PLOT.top;
  const bottom = top + plotH;
  const [x0, x1] = f.xDomain;
  const xs = (x: number): number => PLOT.left + ((x - x0) / Math.max(1e-9, x1 - x0)) * plotW;
  const y = yScale(f);
  const [y0, y1] = y ? y.domain : [0, 1];
  const ys = (v: number): number => bottom - ((v - y0) / Math.max(1e-9, y1 - y0)) * plotH;
  const parts: string[] = [];

  // Title.
  parts.push(
    `<text class="title" x="${W / 2}" y="30" text-anchor="middle" font-size="18" font-weight="bold">${esc(f.title)}</text>`,
  );

  // Grid and y axis.
  parts.push(`<g class="y-axis" font-size="12" fill="#333">`);
  for (const t of y?.ticks ?? []) {
    const py = ys(t).toFixed(1);
    parts.push(
      `<line x1="${PLOT.left}" x2="${PLOT.left + plotW}" y1="${py}" y2="${py}" stroke="#e3e7ee" stroke-dasharray="3 3"/>`,
      `<text x="${PLOT.left - 6}" y="${py}" dy="4" text-anchor="end">${tickText(t, y?.digits ?? 0)}</text>`,
    );
  }
  parts.push(`</g>`);
  parts.push(
    `<text class="y-label" transform="translate(18 ${top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="13">${esc(f.yLabel)}</text>`,
  );

  // x axis.
  const xTicks =
    f.xTicks ??
    (niceScale(x0, x1, 8)?.ticks ?? []).map((v) => ({
      value: v,
      label: tickText(v, niceScale(x0, x1, 8)?.digits ?? 0),
    }));
  parts.push(`<g class="x-axis" font-size="12" fill="#333">`);
  for (const t of xTicks) {
    if (t.value < x0 || t.value > x1) continue;
    const px = xs(t.value).toFixed(1);
    parts.push(
      `<line x1="${px}" x2="${px}" y1="${top}" y2="${bottom}" stroke="#e3e7ee" stroke-dasharray="3 3"/>`,
      `<line x1="${px}" x2="${px}" y1="${bottom}" y2="${bottom + 5}" stroke="#666"/>`,
      `<text x="${px}" y="${bottom + 19}" text-anchor="middle">${esc(t.label)}</text>`,
    );
  }
  parts.push(`</g>`);
  parts.push(
    `<rect x="${PLOT.left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#666"/>`,
    `<text class="x-label" x="${PLOT.left + plotW / 2}" y="${bottom + 42}" text-anchor="middle" font-size="13">${esc(f.xLabel)}</text>`,
  );

  // Marks, clipped to the plot.
  parts.push(
    `<clipPath id="${esc(f.id)}-plot"><rect x="${PLOT.left}" y="${top}" width="${plotW}" height="${plotH}"/></clipPath>`,
    `<g class="marks" clip-path="url(#${esc(f.id)}-plot)">`,
  );
  if (f.bars && y) {
    for (const b of f.bars.bars) {
      if (b.value <= 0) continue;
      const left = xs(b.from);
      const right = xs(b.to);
      const yt = ys(b.value);
      parts.push(
        `<rect class="bar" x="${(left + 0.5).toFixed(1)}" y="${yt.toFixed(1)}" width="${Math.max(1, right - left - 1).toFixed(1)}" height="${Math.max(0, ys(Math.max(0, y0)) - yt).toFixed(1)}" fill="${f.bars.color}"/>`,
      );
    }
  }
  if (y) {
    for (const b of f.bands ?? []) {
      const top: string[] = [];
      const under: string[] = [];
      for (const [px, l, u] of b.points) {
        if (l === null || u === null || !Number.isFinite(l) || !Number.isFinite(u)) continue;
        top.push(`${xs(px).toFixed(1)},${ys(u).toFixed(1)}`);
        under.push(`${xs(px).toFixed(1)},${ys(l).toFixed(1)}`);
      }
      if (top.length < 2) continue;
      parts.push(
        `<path class="band" data-series="${esc(b.key)}" d="M${top.join('L')}L${under.reverse().join('L')}Z" fill="${b.color}" fill-opacity="${b.opacity}" stroke="none"/>`,
      );
    }
  }
  if (y) {
    const connect = f.connectNulls ?? true;
    for (const l of f.lines) {
      let d = '';
      let pen = 'M';
      let count = 0;
      let last: [number, number] | null = null;
      for (const [px, py] of l.points) {
        if (py === null || !Number.isFinite(py)) {
          if (!connect) pen = 'M';
          continue;
        }
        last = [xs(px), ys(py)];
        d += `${pen}${last[0].toFixed(1)},${last[1].toFixed(1)}`;
        pen = 'L';
        count++;
      }
      const width = l.width ?? 1.5;
      if (count === 1 && last) {
        parts.push(
          `<circle class="line" data-series="${esc(l.key)}" cx="${last[0].toFixed(1)}" cy="${last[1].toFixed(1)}" r="${width + 1.5}" fill="${l.color}"/>`,
        );
      } else if (count > 1) {
        parts.push(
          `<path class="line" data-series="${esc(l.key)}" d="${d}" fill="none" stroke="${l.color}" stroke-width="${width}"${l.dashed ? ' stroke-dasharray="5 4"' : ''} stroke-linejoin="round"/>`,
        );
      }
    }
  }
  parts.push(`</g>`);
  if (!y) {
    parts.push(
      `<text x="${PLOT.left + plotW / 2}" y="${top + plotH / 2}" text-anchor="middle" font-size="14" fill="#888">No data in these hours</text>`,
    );
  }

  // Legend: entries in rows, each as wide as its estimated text.
  let cy = bottom + 70;
  const legend = legendEntries(f);
  parts.push(`<g class="legend" font-size="13">`);
  let cx = PLOT.left;
  for (const e of legend) {
    const w = 34 + textWidth(e.name, 13) + 18;
    if (cx > PLOT.left && cx + w > W - PLOT.right) {
      cx = PLOT.left;
      cy += 22;
    }
    parts.push(
      e.bar
        ? `<rect x="${cx}" y="${cy - 9}" width="24" height="10" fill="${e.color}"${e.opacity === undefined ? '' : ` fill-opacity="${Math.min(1, e.opacity * 2)}"`}/>`
        : `<line x1="${cx}" x2="${cx + 24}" y1="${cy - 4}" y2="${cy - 4}" stroke="${e.color}" stroke-width="2.5"${e.dashed ? ' stroke-dasharray="5 4"' : ''}/>`,
      `<text x="${cx + 32}" y="${cy}">${esc(e.name)}</text>`,
    );
    cx += w;
  }
  parts.push(`</g>`);

  // Caption (and note), wrapped.
  cy += 30;
  parts.push(`<g class="caption" font-size="12" fill="#444">`);
  for (const text of [f.caption, ...(f.note ? [f.note] : [])]) {
    for (const line of wrap(text, 12, W - PLOT.left - PLOT.right)) {
      parts.push(`<text x="${PLOT.left}" y="${cy}">${esc(line)}</text>`);
      cy += 17;
    }
  }
  parts.push(`</g>`);

  const height = Math.ceil(cy + 8);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" id="${esc(f.id)}" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="${FONT}">`,
    `<title>${esc(f.title)}</title>`,
    `<desc>${esc(f.caption)}</desc>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...parts,
    `</svg>`,
  ].join('\n');
  return { svg, width: W, height };
}
