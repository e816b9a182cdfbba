import { useState, type ReactNode } from 'react';
import type { LinkProblem } from '../store/url';
import { useSim } from '../store/simStore';

function Banner({
  title,
  children,
  onDismiss,
}: {
  title: string;
  children: ReactNode;
  onDismiss: () => void;
}) {
  return (
    <div className="error-banner" role="alert">
      <div>
        <strong>{title}:</strong> {children}
      </div>
      <button type="button" onClick={onDismiss} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
}

/** Shows what the worker rejected (bad scenario, bad slider values, engine failure). */
export function ErrorBanner() {
  const error = useSim((s) => s.error);
  const dismiss = useSim((s) => s.dismissError);
  if (!error) return null;
  return (
    <Banner title={error.source === 'engine' ? 'Simulation error' : 'Rejected'} onDismiss={dismiss}>
      {error.message}
    </Banner>
  );
}

/** Names every value of the page's link that was not used; the page opened without them. */
export function LinkProblems({ problems }: { problems: readonly LinkProblem[] }) {
  const [shown, setShown] = useState(problems.length > 0);
  if (!shown) return null;
  return (
    <Banner title="Not used from the link" onDismiss={() => setShown(false)}>
      the page opened with the defaults for these.
      <ul className="problems" data-testid="link-problems">
        {problems.map((p, i) => (
          <li key={i} data-param={p.param}>
            {p.message}
          </li>
        ))}
      </ul>
    </Banner>
  );
}
