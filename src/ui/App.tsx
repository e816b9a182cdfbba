import { useEffect, useState } from 'react';
import { useSim } from '../store/simStore';
import { openedOfLink } from '../store/runRecord';
import { readLink } from '../store/url';
import { ChainWorkPanel } from './chainwork/ChainWorkPanel';
import { Charts } from './charts/Charts';
import { Controls } from './Controls';
import { ErrorBanner, LinkProblems } from './ErrorBanner';
import { ExportPanel } from './ExportPanel';
import { HouseholdPicker } from './HouseholdPicker';
import { LiveParamsPanel } from './LiveParamsPanel';
import { openRunFileFrom, RunFilePanel } from './RunFilePanel';
import { ComparePage } from './compare/ComparePage';
import { ScenarioPanel } from './ScenarioPanel';
import { StatusBar } from './StatusBar';
import { SummaryPanel } from './SummaryPanel';
import { useView } from './useView';
import { ViewTabs } from './ViewTabs';
import { WalletSection } from './wallet/WalletSection';
import { WordsPanel } from './WordsPanel';

export function App() {
  // What the page was opened with; its problems are shown once, above either view.
  const [opened] = useState(readLink);
  const [view, setView] = useView(opened.view);
  // The dashboard's worker (and its market on chain) starts the first time the dashboard shows,
  // with the link's scenario then (the comparison may have changed it); a link straight to the
  // comparison opens none.
  useEffect(() => {
    if (view !== 'dashboard') return;
    const link = readLink();
    // A link that carries a run replays it (docs/RUNFILE.md "In the share link").
    useSim.getState().bootOnce(link.scenario, openedOfLink(link.scenario, link.run));
  }, [view]);
  const problems = <LinkProblems problems={opened.problems} />;
  if (view === 'compare') return <ComparePage onView={setView} problems={problems} />;
  return (
    <div
      className="app"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        const file = e.dataTransfer.files[0];
        if (!file) return;
        e.preventDefault();
        void openRunFileFrom(file);
      }}
    >
      <header className="top">
        <h1>Neighbourhood Energy Market</h1>
        <ViewTabs view="dashboard" onChange={setView} />
        <Controls />
        <StatusBar />
      </header>
      {problems}
      <ErrorBanner />
      <div className="layout">
        <aside className="side" aria-label="Settings">
          <LiveParamsPanel />
          <section className="panel" aria-label="Households">
            <HouseholdPicker />
          </section>
          <ScenarioPanel />
          <RunFilePanel />
          <ExportPanel />
          <WordsPanel />
        </aside>
        <main>
          <SummaryPanel />
          <Charts />
          <ChainWorkPanel />
          <div className="wallet-area">
            <WalletSection />
          </div>
        </main>
      </div>
    </div>
  );
}
