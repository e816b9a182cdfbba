import { useSim } from '../store/simStore';
import { fmt } from './format';

/** What the latest simulated round actually used, so a slider's effect can be seen, not assumed. */
export function InForce() {
  const version = useSim((s) => s.version);
  const h = useSim((s) => s.history);
  void version;
  const r = h.length - 1;
  if (r < 0) return <p className="note">No round simulated yet.</p>;
  const min = h.round.priceMin[r] ?? NaN;
  const max = h.round.priceMax[r] ?? NaN;
  const th = h.round.batteryThreshold[r] ?? NaN;
  const retail = h.round.gridRetailPrice[r] ?? NaN;
  const feedIn = h.round.gridFeedInPrice[r] ?? NaN;
  const mean = h.round.meanTradePrice[r] ?? NaN;
  return (
    <p
      className="note"
      data-testid="in-force"
      data-round={r}
      data-price-min={min}
      data-price-max={max}
      data-battery-threshold={th}
      data-grid-retail={retail}
      data-grid-feed-in={feedIn}
    >
      Round {r} used prices {fmt(min)}–{fmt(max)}, battery threshold {fmt(th * 100, 0)} %, grid
      retail {fmt(retail)} and feed-in {fmt(feedIn)}
      {Number.isFinite(mean) ? `; mean traded price ${fmt(mean)}` : '; no trades'}.
    </p>
  );
}
