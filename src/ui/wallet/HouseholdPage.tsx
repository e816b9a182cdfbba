import { useDeferredValue } from 'react';
import { useSim } from '../../store/simStore';
import { HouseholdChainView } from './HouseholdChainView';

/**
 * Any household's page, read-only and without a wallet: its books and trades as the chain
 * records them. The household opened is the highlighted one in every chart and table (and a
 * connected wallet's household is opened and highlighted when it connects).
 */
export function HouseholdPage() {
  // Deferred: the market opens on chain in a worker message, and mounting the chain view then
  // (its contract reads and their first fetches) inside that message's task was one task of
  // 105 ms at 1,000 households (page1000's trace, Worker.onmessage); as a deferred value it
  // renders in a transition of its own, in slices, and its effects run after it.
  const market = useDeferredValue(useSim((s) => s.chain.marketAddress) as `0x${string}` | null);
  const households = useSim((s) => s.scenario?.households ?? 0);
  const selected = useSim((s) => s.selectedHousehold);
  const select = useSim((s) => s.selectHousehold);
  return (
    <section className="panel" aria-labelledby="household-page-title" data-testid="household-page">
      <h2 id="household-page-title">Household on chain</h2>
      <label className="field">
        Open household
        <select value={selected} onChange={(e) => select(Number(e.target.value))}>
          {Array.from({ length: households }, (_, i) => (
            <option key={i} value={i}>
              Household {i}
            </option>
          ))}
        </select>
      </label>
      {market ? (
        <HouseholdChainView
          market={market}
          index={selected}
          title={`Household ${selected} on chain (read-only)`}
        />
      ) : (
        <p className="note">Waiting for the run's market to open on chain…</p>
      )}
    </section>
  );
}
