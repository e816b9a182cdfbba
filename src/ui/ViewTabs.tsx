import type { View } from '../store/url';

const TABS: readonly { view: View; label: string }[] = [
  { view: 'dashboard', label: 'Dashboard' },
  { view: 'compare', label: 'Compare mechanisms' },
];

/** Switches between the live dashboard and the mechanism comparison. */
export function ViewTabs({ view, onChange }: { view: View; onChange: (v: View) => void }) {
  return (
    <div className="view-tabs" role="tablist" aria-label="View">
      {TABS.map((t) => (
        <button
          key={t.view}
          type="button"
          role="tab"
          aria-selected={view === t.view}
          className={view === t.view ? 'primary' : undefined}
          onClick={() => onChange(t.view)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
