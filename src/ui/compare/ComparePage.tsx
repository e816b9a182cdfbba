import { CompareView } from './CompareView';
import { ViewTabs } from './ViewTabs';
import type { View } from './useView';

/** The page in comparison mode: no dashboard, chain or wallet, just the comparison. */
export function ComparePage({ onView }: { onView: (v: View) => void }) {
  return (
    <div className="app">
      <header className="top">
        <h1>Neighbourhood Energy Market</h1>
        <ViewTabs view="compare" onChange={onView} />
      </header>
      <main>
        <CompareView />
      </main>
    </div>
  );
}
