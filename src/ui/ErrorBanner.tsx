import { useSim } from '../store/simStore';

/** Shows what the worker rejected (bad scenario, bad slider values, engine failure). */
export function ErrorBanner() {
  const error = useSim((s) => s.error);
  const dismiss = useSim((s) => s.dismissError);
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <strong>{error.source === 'engine' ? 'Simulation error' : 'Rejected'}:</strong>{' '}
      {error.message}
      <button type="button" onClick={dismiss} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
}
