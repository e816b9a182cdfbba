import { useCallback, useState } from 'react';
import { readLink, writeLink, type View } from '../store/url';

/**
 * Which view the page shows, kept in the link (`?view=compare…`) so a link reproduces it. The
 * scenario's parameters stay in the link across the switch, so both views start from the same.
 */
export function useView(initial: View): [View, (v: View) => void] {
  const [view, setView] = useState<View>(initial);
  const change = useCallback((v: View) => {
    writeLink({ ...readLink(), view: v });
    setView(v);
  }, []);
  return [view, change];
}
