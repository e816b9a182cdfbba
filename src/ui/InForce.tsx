import { FIELDS, LIVE_KEYS } from '../engine';
import { useSim } from '../store/simStore';
import { fmt, unitText } from './format';

/** `gridFeedInPrice` as `grid-feed-in-price`, for a data attribute. */
const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * What the latest simulated round ran under (its RoundResult.params, as the worker's batches
 * carry them), so a slider's effect can be seen, not assumed.
 */
export function InForce() {
  const version = useSim((s) => s.version);
  const h = useSim((s) => s.history);
  void version;
  const r = h.length - 1;
  if (r < 0) return <p className="note">No round simulated yet.</p>;
  const params = h.paramsAt(r);
  const mean = h.round.meanTradePrice[r] ?? NaN;
  const attrs = Object.fromEntries(LIVE_KEYS.map((k) => [`data-${kebab(k)}`, params[k]]));
  const used = LIVE_KEYS.map(
    (k) => `${FIELDS[k].label.toLowerCase()} ${unitText(params[k], FIELDS[k].unit)}`,
  );
  return (
    <p className="note" data-testid="in-force" data-round={r} {...attrs}>
      Round {r} ran under {used.join(', ')}
      {Number.isFinite(mean) ? `; mean traded price ${fmt(mean)}` : '; no trades'}.
    </p>
  );
}
