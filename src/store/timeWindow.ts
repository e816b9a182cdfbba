/**
 * The time axis's arithmetic, in hours of the run: hour r is round r, drawn from x = r to x = r + 1.
 * A window is the span every time chart shows, [from, to); zooming keeps the hour under the
 * pointer where it is, panning keeps the width, and both stay inside the run.
 */

export interface HourWindow {
  readonly from: number;
  readonly to: number;
}

/** The narrowest window: a few hours still show a shape, one hour would be a single point. */
export const MIN_WINDOW_HOURS = 6;

/** The whole run, or the given window kept inside it and at least MIN_WINDOW_HOURS wide. */
export function clampWindow(w: HourWindow | null, total: number): HourWindow {
  const end = Math.max(1, total);
  if (!w) return { from: 0, to: end };
  const width = Math.min(end, Math.max(Math.min(MIN_WINDOW_HOURS, end), w.to - w.from));
  let from = Math.round(Number.isFinite(w.from) ? w.from : 0);
  from = Math.min(Math.max(0, from), end - Math.round(width));
  return { from, to: from + Math.round(width) };
}

/** True when the window shows the whole run (a null window). */
export function isWholeRun(w: HourWindow, total: number): boolean {
  return w.from <= 0 && w.to >= Math.max(1, total);
}

/**
 * The window `factor` times as wide (below 1 zooms in), with the hour `anchor` staying at the
 * same place on screen.
 */
export function zoomWindow(
  w: HourWindow,
  total: number,
  factor: number,
  anchor = (w.from + w.to) / 2,
): HourWindow {
  const width = w.to - w.from;
  const next = Math.max(MIN_WINDOW_HOURS, Math.round(width * factor));
  const share = width > 0 ? (anchor - w.from) / width : 0.5;
  const from = Math.round(anchor - share * next);
  return clampWindow({ from, to: from + next }, total);
}

/** The window moved by `hours` (negative: earlier), the same width, inside the run. */
export function panWindow(w: HourWindow, total: number, hours: number): HourWindow {
  return clampWindow({ from: w.from + hours, to: w.to + hours }, total);
}

/** The day that holds hour `round`: hours 24 d .. 24 d + 24. */
export function dayWindow(round: number, total: number): HourWindow {
  const from = Math.floor(Math.max(0, round) / 24) * 24;
  return clampWindow({ from, to: from + 24 }, total);
}

/** The window moved as little as it takes to show hour `round` (unchanged when it already does). */
export function windowShowing(w: HourWindow, total: number, round: number): HourWindow {
  if (round >= w.from && round < w.to) return w;
  const width = w.to - w.from;
  const from = round < w.from ? round : round + 1 - width;
  return clampWindow({ from, to: from + width }, total);
}

/** 1-based day and hour of day of round r, as the status bar counts them. */
export function dayAndHour(round: number): { day: number; hour: number } {
  const hour = ((round % 24) + 24) % 24;
  return { day: (round - hour) / 24 + 1, hour };
}

/** "day 16, 14:00": the hour round r covers. */
export function hourText(round: number): string {
  const { day, hour } = dayAndHour(round);
  return `day ${day}, ${String(hour).padStart(2, '0')}:00`;
}

export interface TimeTick {
  /** Hours since the start of the run (a tick sits on the boundary before that hour). */
  readonly value: number;
  readonly label: string;
}

/** Tick spacings, in hours: every step is an hour of day or a whole number of days. */
const STEPS = [1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720, 1440, 2160, 4320, 8760];

/**
 * Ticks on hour boundaries for a window: at most about `count`, whole days labelled "day N" and
 * the hours between them "14:00", so a zoomed axis reads in days and hours.
 */
export function timeTicks(w: HourWindow, count = 8): TimeTick[] {
  const span = Math.max(1, w.to - w.from);
  const step = STEPS.find((s) => span / s <= count) ?? 8760;
  const out: TimeTick[] = [];
  for (let v = Math.ceil(w.from / step) * step; v <= w.to; v += step) {
    out.push({ value: v, label: tickLabel(v) });
  }
  return out;
}

/** A tick's label: "day N" on a midnight, the hour of day ("14:00") otherwise. */
export function tickLabel(value: number): string {
  const { day, hour } = dayAndHour(value);
  return hour === 0 ? `day ${day}` : `${String(hour).padStart(2, '0')}:00`;
}
