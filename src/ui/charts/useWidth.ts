import { useEffect, useState, type RefObject } from 'react';

/**
 * An element's width in CSS pixels, following resizes: a time chart draws at most one column of
 * hours per pixel, so it needs to know how many pixels it has.
 */
export function useWidth(ref: RefObject<Element | null>, fallback = 480): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(Math.round(el.getBoundingClientRect().width) || fallback);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = entries[entries.length - 1]?.contentRect.width;
      if (w) setWidth(Math.round(w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, fallback]);
  return width;
}

/** Columns of hours a chart of this width draws: about one per pixel of its plot. */
export function plotColumns(width: number): number {
  // The y axis and the margins take about 70 px of a chart's width.
  return Math.max(40, width - 70);
}
