/**
 * The comparison's charts as figures, drawn from its history and window (never from the DOM),
 * with what each line shows (daily means or hours, a difference from the baseline) in the caption.
 */
import type { MechanismName } from '../../engine';
import type { CompareHistory, SeriesKey } from '../../store/compareHistory';
import { useCompare } from '../../store/compareStore';
import { useCompareTime } from '../../store/timeView';
import { clampWindow, timeTicks } from '../../store/timeWindow';
import { plotColumns } from '../charts/useWidth';
import { figureCaption, hoursText, TIME_AXIS_LABEL } from '../figure/captions';
import { FIGURE_WIDTH, type Figure } from '../figure/figureSvg';
import { mechanismColor } from './colors';
import { COMPARE_CHARTS, type CompareChartDef } from './compareCharts';
import { compareRows, type CompareLine, type Resolution } from './compareRows';

/** Each running mechanism's figure as a line. */
export function mechanismLines(
  history: CompareHistory,
  running: readonly MechanismName[],
  series: SeriesKey,
): CompareLine[] {
  return running.map((m, i) => ({ key: m, value: (r) => history.value(i, series, r) }));
}

/** What the lines show, in words: "daily means", "every hour", "… minus uniform's". */
export function drawnAs(resolution: Resolution, baseline: MechanismName | null): string {
  const time = resolution === 'daily' ? 'daily means' : 'every hour';
  return baseline ? `${time}, each minus ${baseline}'s` : time;
}

/** One chart of the comparison as a figure. */
export function compareFigure(def: CompareChartDef): Figure {
  const s = useCompare.getState();
  const w = clampWindow(useCompareTime.getState().window, s.history.totalRounds);
  const base = s.baseline === null ? -1 : s.running.indexOf(s.baseline);
  const lines = mechanismLines(s.history, s.running, def.series);
  const { rows, resolution } = compareRows(lines, w, s.history.length, plotColumns(FIGURE_WIDTH), {
    cumulative: def.cumulative ?? false,
    baseline: base >= 0 ? (lines[base] ?? null) : null,
  });
  const baseline = base >= 0 ? s.baseline : null;
  return {
    id: `compare-${def.id}`,
    title: def.title,
    xLabel: TIME_AXIS_LABEL,
    yLabel: baseline
      ? `${def.quantity}, minus ${baseline}'s (${def.unit})`
      : `${def.quantity} (${def.unit})`,
    xDomain: [w.from, w.to],
    xTicks: timeTicks(w, 10),
    connectNulls: !def.gaps,
    lines: s.running.map((m) => ({
      key: m,
      name: m,
      color: mechanismColor(m),
      width: m === baseline ? 2.5 : 1.75,
      points: rows.map((r) => [r.x ?? 0, r[m] ?? null] as const),
    })),
    caption: figureCaption(
      s.scenario,
      `compared: ${s.running.join(', ')}`,
      `${hoursText(w, s.history.length, s.history.totalRounds)}; lines show ${drawnAs(resolution, baseline)}`,
    ),
  };
}

/** Every chart of the comparison as a figure, in the page's order. */
export function compareFigures(): Figure[] {
  return COMPARE_CHARTS.map(compareFigure);
}

/** File names of the comparison's exports: `compare-<name>-seed<seed>`. */
export function compareStem(): string {
  const s = useCompare.getState().scenario;
  return s ? `compare-${s.name}-seed${s.seed}` : 'compare';
}
