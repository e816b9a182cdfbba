import type { Deployment } from '../../chain';
import { joinQuery } from '../../store/joinLink';
import { useSim } from '../../store/simStore';
import { RoundSeconds, ScoreTable } from '../wallet/TradePanel';

/**
 * The host's side of a class: the join link (the chain and this run's market) that opens a
 * participant's page in another browser, and the table of everyone playing a household.
 */
export function JoinPanel({ deployment }: { deployment: Deployment }) {
  const market = useSim((s) => s.chain.marketAddress) as `0x${string}` | null;
  const count = useSim((s) => s.people.participants.length);
  if (!market) return null;
  const href = `${window.location.origin}${window.location.pathname}${joinQuery(
    { market, rpcUrl: deployment.rpcUrl, chainId: deployment.chainId },
    window.location.hostname,
  )}`;
  return (
    <section className="panel" aria-labelledby="join-title">
      <h2 id="join-title">Join this run</h2>
      <p>
        Participants open{' '}
        <a href={href} target="_blank" rel="noreferrer" data-testid="join-link" className="mono">
          {href}
        </a>{' '}
        in their own browser, connect a wallet holding a household's key and take it: their page
        follows this run's market from the chain.{' '}
        <span data-testid="participant-count">{count} household(s) played by people now.</span>
      </p>
      <RoundSeconds />
      <ScoreTable />
    </section>
  );
}
