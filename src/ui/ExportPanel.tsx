import { useSim } from '../store/simStore';
import { download } from './download';
import { runToCsv, runToJson } from './exportRun';

/** Downloads of what the run produced so far. */
export function ExportPanel() {
  const version = useSim((s) => s.version);
  const empty = useSim((s) => s.history.length === 0);
  void version;
  const stem = (): string => {
    const s = useSim.getState().scenario;
    return s ? `run-${s.name}-seed${s.seed}-${s.auction}` : 'run';
  };
  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <div className="controls">
        <button
          type="button"
          disabled={empty}
          onClick={() => download(`${stem()}.csv`, 'text/csv', runToCsv(useSim.getState().history))}
        >
          Export run as CSV
        </button>
        <button
          type="button"
          disabled={empty}
          onClick={() => {
            const s = useSim.getState();
            download(`${stem()}.json`, 'application/json', runToJson(s.scenario, s.history));
          }}
        >
          Export run as JSON
        </button>
      </div>
      <p className="note">Each chart has its own PNG button.</p>
    </section>
  );
}
