import { useState } from 'react';
import { useSim } from '../store/simStore';
import { download } from './download';
import { runToCsv, runToJson } from './exportRun';
import { dashboardFigures, dashboardStem } from './figure/dashboardFigures';
import { saveFigures } from './figure/saveFigure';

/** Downloads of what the run produced so far. */
export function ExportPanel() {
  const version = useSim((s) => s.version);
  const empty = useSim((s) => s.history.length === 0);
  void version;
  const stem = dashboardStem;
  const [zipping, setZipping] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const exportAll = (): void => {
    setZipping(true);
    setFailed(null);
    saveFigures(dashboardFigures(), stem())
      .catch((e: unknown) => setFailed(e instanceof Error ? e.message : String(e)))
      .finally(() => setZipping(false));
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
        <button type="button" disabled={zipping} onClick={exportAll}>
          Export all charts
        </button>
      </div>
      {failed ? (
        <p className="hint" role="alert">
          {failed}
        </p>
      ) : null}
      <p className="note">
        Export all charts downloads one zip with a PNG and an SVG of every chart, drawn from the run
        (charts never scrolled into view included) over the hours the charts show, each with its
        title, axes, legend and a caption naming scenario, seed, mechanism and hours. Each chart
        also has its own PNG and SVG buttons.
      </p>
    </section>
  );
}
