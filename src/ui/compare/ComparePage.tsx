import type { ReactNode } from 'react';
import { CompareView } from './CompareView';
import { ViewTabs } from '../ViewTabs';
import type { View } from '../../store/url';

/** The page in comparison mode: no dashboard, chain or wallet, just the comparison. */
export function ComparePage({
  onView,
  problems,
}: {
  onView: (v: View) => void;
  problems: ReactNode;
}) {
  return (
    <div className="app">
      <header className="top">
        <h1>Neighbourhood Energy Market</h1>
        <ViewTabs view="compare" onChange={onView} />
      </header>
      {problems}
      <main>
        <CompareView />
      </main>
    </div>
  );
}
