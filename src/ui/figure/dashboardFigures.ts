/**
 * The dashboard's charts as figures, drawn from the run's history and the view's window (never
 * from the page's DOM): what each chart shows, whether or not it was ever on screen.
 */
import { useSim } from '../../store/simStore';
import { useDashboardTime } from '../../store/timeView';
import { clampWindow, timeTicks } from '../../store/timeWindow';
import { dashboardTimeCharts, type TimeChartDef } from '../charts/dashboardCharts';
import { BAR_COLOR, histogramBins } from '../charts/histogramBins';
import { bandTop, timeRows } from '../charts/timeRows';
import { plotColumns } from '../charts/useWidth';
import { figureCaption, hoursText, TIME_AXIS_LABEL } from './captions';
import { FIGURE_WIDTH, type Figure, type FigureBand, type FigureLine } from './figureSvg';

/** The histogram's id among the dashboard's figures. */
export const HISTOGRAM_ID = 'price-histogram';

function timeFigure(def: TimeChartDef): Figure {
  const s = useSim.getState();
  const w = clampWindow(useDashboardTime.getState().window, s.totalRounds);
  const rows = timeRows(s.history, def.series, w.from, w.to, plotColumns(FIGURE_WIDTH));
  const lines: FigureLine[] = def.series
    .filter((series) => series.area === undefined)
    .map((series) => ({
      key: series.key,
      name: series.name,
      color: series.color,
      width: series.width,
      dashed: series.dashed,
      group: series.group,
      points: rows.map((r) => [r.x ?? 0, r[series.key] ?? null] as const),
    }));
  // The page's bands, from the same rows: each point its lower and upper edge.
  const bands: FigureBand[] = def.series
    .filter((series) => series.area !== undefined)
    .map((series) => ({
      key: series.key,
      name: series.name,
      color: series.color,
      opacity: series.area ?? 0.25,
      points: rows.map(
        (r) => [r.x ?? 0, r[series.key] ?? null, r[bandTop(series.key)] ?? null] as const,
      ),
    }));
  const empty = lines.filter((l) => !l.group && l.points.every(([, y]) => y === null));
  return {
    id: def.id,
    title: def.title,
    xLabel: TIME_AXIS_LABEL,
    yLabel: `${def.quantity} (${def.unit})`,
    xDomain: [w.from, w.to],
    xTicks: timeTicks(w, 10),
    lines,
    ...(bands.length > 0 ? { bands } : {}),
    caption: figureCaption(
      s.scenario,
      s.scenario?.auction ?? '',
      hoursText(w, s.history.length, s.totalRounds),
    ),
    note:
      empty.length > 0
        ? `No value in these hours: ${empty.map((l) => l.name).join('; ')}.`
        : undefined,
  };
}

function histogramFigure(): Figure {
  const s = useSim.getState();
  const bins = histogramBins(s.history.priceHistogramWh, s.live);
  const first = bins[0];
  const last = bins.at(-1);
  return {
    id: HISTOGRAM_ID,
    title: 'Traded prices',
    xLabel: 'Price (coins / 100 Wh)',
    yLabel: 'Energy traded (kWh)',
    xDomain: first && last ? [first.price, last.price + last.width] : [0, 1],
    lines: [],
    bars: {
      name: 'kWh traded in each price range, whole run so far',
      color: BAR_COLOR,
      bars: bins.map((b) => ({ from: b.price, to: b.price + b.width, value: b.kWh })),
    },
    caption: figureCaption(
      s.scenario,
      s.scenario?.auction ?? '',
      // The histogram counts every trade so far, whatever the window.
      hoursText({ from: 0, to: s.totalRounds }, s.history.length, s.totalRounds),
    ),
    note: bins.some((b) => b.kWh > 0) ? undefined : 'No trades yet.',
  };
}

function defs(): TimeChartDef[] {
  const s = useSim.getState();
  return dashboardTimeCharts(
    s.selectedHousehold,
    s.everyHousehold ? (s.scenario?.households ?? 0) : 0,
  );
}

/** One chart of the dashboard as a figure, by its id; null for an unknown id. */
export function dashboardFigure(id: string): Figure | null {
  if (id === HISTOGRAM_ID) return histogramFigure();
  const def = defs().find((d) => d.id === id);
  return def ? timeFigure(def) : null;
}

/** Every chart of the dashboard as a figure, in the page's order. */
export function dashboardFigures(): Figure[] {
  const [first, ...rest] = defs().map(timeFigure);
  return first ? [first, histogramFigure(), ...rest] : [histogramFigure()];
}

/** File names of the dashboard's exports: `run-<name>-seed<seed>-<mechanism>`. */
export function dashboardStem(): string {
  const s = useSim.getState().scenario;
  return s ? `run-${s.name}-seed${s.seed}-${s.auction}` : 'run';
}
