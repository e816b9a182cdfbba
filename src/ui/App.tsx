import { useEffect } from 'react';
import { useSim } from '../store/simStore';
import { initialScenario } from '../store/urlScenario';
import { Charts } from './charts/Charts';
import { Controls } from './Controls';
import { ErrorBanner } from './ErrorBanner';
import { ExportPanel } from './ExportPanel';
import { HouseholdPicker } from './HouseholdPicker';
import { LiveParamsPanel } from './LiveParamsPanel';
import { ComparePage } from './compare/ComparePage';
import { useView } from './compare/useView';
import { ViewTabs } from './compare/ViewTabs';
import { ScenarioPanel } from './ScenarioPanel';
import { StatusBar } from './StatusBar';
import { WalletSection } from './wallet/WalletSection';

export function App() {
  const [view, setView] = useView();
  // The dashboard's worker (and its market on chain) starts the first time the dashboard shows;
  // a link straight to the comparison opens none.
  useEffect(() => {
    if (view === 'dashboard') useSim.getState().bootOnce(initialScenario(window.location.search));
  }, [view]);
  if (view === 'compare') return <ComparePage onView={setView} />;
  return (
    <div className="app">
      <header className="top">
        <h1>Neighbourhood Energy Market</h1>
        <ViewTabs view="dashboard" onChange={setView} />
        <Controls />
        <StatusBar />
      </header>
      <ErrorBanner />
      <div className="layout">
        <aside className="side" aria-label="Settings">
          <LiveParamsPanel />
          <section className="panel" aria-label="Households">
            <HouseholdPicker />
          </section>
          <ScenarioPanel />
          <ExportPanel />
        </aside>
        <main>
          <Charts />
          <div className="wallet-area">
            <WalletSection />
          </div>
        </main>
      </div>
    </div>
  );
}
