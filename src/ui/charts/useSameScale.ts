import { useRef } from 'react';
import type { Scale } from './axisTicks';

/** The previous scale object while ticks are unchanged, so the axis element stays memoised. */
export function useSameScale(next: Scale | null): Scale | null {
  const prev = useRef(next);
  if (!sameScale(prev.current, next)) prev.current = next;
  return prev.current;
}

function sameScale(a: Scale | null, b: Scale | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.ticks.length !== b.ticks.length) return false;
  return a.ticks.every((t, i) => t === b.ticks[i]);
}
