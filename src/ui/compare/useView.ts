import { useCallback, useState } from 'react';
import { compareFromQuery, isCompareView, queryFromCompare } from './compareUrl';

export type View = 'dashboard' | 'compare';

/**
 * Which view the page shows, kept in the URL (`?view=compare…`) so a link reproduces it. The
 * scenario parameters stay in the URL across the switch, so both views start from the same one.
 */
export function useView(): [View, (v: View) => void] {
  const [view, setView] = useState<View>(() =>
    isCompareView(window.location.search) ? 'compare' : 'dashboard',
  );
  const change = useCallback((v: View) => {
    const search = window.location.search;
    let next: string;
    if (v === 'compare') {
      next = queryFromCompare(compareFromQuery(search));
    } else {
      const q = new URLSearchParams(search);
      q.delete('view');
      q.delete('auctions');
      next = q.toString();
    }
    window.history.replaceState(null, '', next ? `?${next}` : window.location.pathname);
    setView(v);
  }, []);
  return [view, change];
}
