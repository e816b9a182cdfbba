import { endSummaryLines } from '../engine';
import { useSim } from '../store/simStore';

/**
 * What a finished run came to: the engine's end-of-run summary (endSummary.ts), line for line
 * the text `npm run cli -- simulate --run` prints, so the page and the CLI can be compared.
 */
export function SummaryPanel() {
  const summary = useSim((s) => s.summary);
  if (!summary) return null;
  return (
    <section className="panel summary" aria-labelledby="summary-title" data-testid="end-summary">
      <h2 id="summary-title">The run in short</h2>
      <dl className="summary-lines">
        {endSummaryLines(summary).map((l) => (
          <div key={l.key} data-key={l.key}>
            <dt>{l.label}</dt>
            <dd>{l.value}</dd>
          </div>
        ))}
      </dl>
      <p className="note">
        Coins are the neighbourhood&apos;s energy coins, won or spent in local trades; money is what
        households paid the outer grid (negative) or were paid for feed-in. The same lines are what{' '}
        <code>npm run cli -- simulate --run</code> prints for this run&apos;s run file.
      </p>
    </section>
  );
}
