import { useState } from 'react';
import { useSim } from '../store/simStore';
import { fmt } from './format';
import { InForce } from './InForce';
import { Slider } from './Slider';

const PRICE_CEILING = 30;

/** The grid's two prices: the same kind of slider each, money per 100 Wh. */
const GRID_PRICES = [
  ['gridRetailPrice', 'Grid retail price'],
  ['gridFeedInPrice', 'Grid feed-in price'],
] as const;

/** Sliders that change the running market from its next round on. */
export function LiveParamsPanel() {
  const live = useSim((s) => s.live);
  const setLiveParams = useSim((s) => s.setLiveParams);
  const [hint, setHint] = useState<string | null>(null);
  if (!live) return null;
  const top = Math.max(PRICE_CEILING, live.priceMax);
  const gridTop = Math.max(PRICE_CEILING, live.gridRetailPrice, live.gridFeedInPrice);
  const price = (v: number): string => `${v} coins / 100 Wh`;
  const money = (v: number): string => `${fmt(v, 1)} money / 100 Wh`;

  // The price list runs from minimum to maximum; a minimum above the maximum would leave it empty.
  const setMin = (v: number): void => {
    if (v > live.priceMax) {
      setHint(
        `Minimum price can't exceed the maximum price (${live.priceMax}); raise the maximum first.`,
      );
      setLiveParams({ priceMin: live.priceMax });
      return;
    }
    setHint(null);
    setLiveParams({ priceMin: v });
  };
  const setMax = (v: number): void => {
    if (v < live.priceMin) {
      setHint(
        `Maximum price can't go below the minimum price (${live.priceMin}); lower the minimum first.`,
      );
      setLiveParams({ priceMax: live.priceMin });
      return;
    }
    setHint(null);
    setLiveParams({ priceMax: v });
  };

  return (
    <section className="panel" aria-labelledby="live-title">
      <h2 id="live-title">Market parameters</h2>
      <p className="note">Take effect from the next round, also while playing.</p>
      <Slider
        label="Minimum price"
        value={live.priceMin}
        min={1}
        max={top}
        step={1}
        format={price}
        onChange={setMin}
      />
      <Slider
        label="Maximum price"
        value={live.priceMax}
        min={1}
        max={top}
        step={1}
        format={price}
        onChange={setMax}
        hint={hint}
      />
      <Slider
        label="Battery threshold"
        value={live.batteryThreshold}
        min={0}
        max={1}
        step={0.05}
        format={(v) => `${Math.round(v * 100)} % of capacity`}
        onChange={(v) => setLiveParams({ batteryThreshold: v })}
      />
      {GRID_PRICES.map(([key, label]) => (
        <Slider
          key={key}
          label={label}
          value={live[key]}
          min={0}
          max={gridTop}
          step={0.5}
          format={money}
          onChange={(v) => setLiveParams({ [key]: v })}
        />
      ))}
      <InForce />
    </section>
  );
}
