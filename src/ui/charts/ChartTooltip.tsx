import { Tooltip } from 'recharts';
import { fmt } from '../format';

export interface TooltipEntry {
  readonly name: string;
  readonly color: string;
  readonly value: number | null;
}

/**
 * recharts hides its tooltip while it has no items of its own to list, which is always here;
 * the content renders nothing when there is nothing to show, so it can stay visible.
 */
const WRAPPER_STYLE = { visibility: 'visible' } as const;

/**
 * recharts' tooltip, following the pointer along the x axis, showing what `at` says is at the
 * active x value (nothing when it returns null).
 */
export function pointerTooltip(
  at: (x: number) => { title: string; entries: readonly TooltipEntry[] } | null,
) {
  return (
    <Tooltip
      isAnimationActive={false}
      wrapperStyle={WRAPPER_STYLE}
      content={({ active, label }) => {
        const shown = active ? at(Number(label)) : null;
        return shown ? <ChartTooltip title={shown.title} entries={shown.entries} /> : null;
      }}
    />
  );
}

/**
 * What a dashboard chart shows under the pointer. The charts draw their own marks on recharts'
 * scales (see SeriesPaths), so recharts' tooltip has no items to list; it still tracks the pointer
 * and says which x value is active, and this lists our values there.
 */
export function ChartTooltip({
  title,
  entries,
}: {
  title: string;
  entries: readonly TooltipEntry[];
}) {
  return (
    <div className="chart-tooltip">
      <p>{title}</p>
      <ul>
        {entries.map((e) => (
          <li key={e.name} style={{ color: e.color }}>
            {e.name}: {e.value === null ? '–' : fmt(e.value)}
          </li>
        ))}
      </ul>
    </div>
  );
}
