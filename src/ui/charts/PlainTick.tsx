import type { TextAnchor, TextVerticalAnchor } from 'recharts';
import { tickLabel } from '../../store/timeWindow';
import { fmt } from '../format';

interface TickProps {
  readonly x: number | string;
  readonly y: number | string;
  readonly payload: { readonly value: unknown };
  readonly textAnchor: TextAnchor;
  readonly verticalAnchor: TextVerticalAnchor;
  readonly fill: string | undefined;
  readonly className?: string;
}

// recharts' <Text> offsets a one-line label by these amounts (capHeight 0.71em).
const DY: Record<TextVerticalAnchor, string> = { start: '0.71em', middle: '0.355em', end: '0' };

/**
 * An axis label as a bare SVG <text>. recharts' default <Text> measures every new label through a
 * hidden DOM span (getBoundingClientRect), forcing a full layout of the page mid-render; during a
 * fast run new tick values keep appearing and those forced layouts were the longest main-thread
 * tasks. A one-line tick never wraps, so it needs no measuring.
 */
function plainTick(label: (v: unknown) => string) {
  return function PlainTick(p: TickProps) {
    return (
      <text
        x={p.x}
        y={p.y}
        dy={DY[p.verticalAnchor]}
        textAnchor={p.textAnchor}
        fill={p.fill ?? '#666'}
        className={p.className}
        fontSize={11}
      >
        {label(p.payload.value)}
      </text>
    );
  };
}

const numberTicks = new Map<number, ReturnType<typeof plainTick>>();

/**
 * Numeric ticks with `digits` decimals. One component per precision, kept for good: a new
 * function each render would count as a changed axis and re-register it in recharts' store.
 */
export function numberTick(digits: number): ReturnType<typeof plainTick> {
  let t = numberTicks.get(digits);
  if (!t) {
    t = plainTick((v) => (typeof v === 'number' ? fmt(v, digits) : String(v)));
    numberTicks.set(digits, t);
  }
  return t;
}

/** Time-axis ticks: hours since the start, labelled "day N" at midnight and "14:00" between. */
export const timeTick = plainTick((v) => (typeof v === 'number' ? tickLabel(v) : String(v)));
