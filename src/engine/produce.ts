/**
 * Production phase (docs/MODEL.md "One simulated hour", step 2): every household's panels
 * produce the energy of the hour before into its battery; what does not fit is sold to the grid
 * at once at the feed-in price.
 */
import { exportToGrid, type Households } from './households';
import { production } from './profiles';
import type { Rng } from './rng';
import type { Scenario } from './scenario';
import type { RoundTotals, Weather } from './types';

export type ProductionPhase = (
  hourOfDay: number,
  weather: Weather,
  feedInPerWh: number,
  totals: RoundTotals,
) => void;

/** `streams[i]` is household i's production stream (one noise draw per producing hour). */
export function createProductionPhase(
  s: Scenario,
  h: Households,
  streams: readonly Rng[],
): ProductionPhase {
  const n = h.count;
  const cap = h.capacityWh;
  const { pvAreaM2, producedWh, batteryWh } = h;
  return (hourOfDay, weather, feedInPerWh, totals) => {
    let produced = 0;
    let exported = 0;
    for (let i = 0; i < n; i++) {
      const prod = production(streams[i] as Rng, pvAreaM2[i] as number, hourOfDay, weather, s);
      if (prod === 0) continue;
      producedWh[i] = (producedWh[i] as number) + prod;
      produced += prod;
      const level = (batteryWh[i] as number) + prod;
      if (level > cap) {
        const over = level - cap;
        batteryWh[i] = cap;
        exportToGrid(h, i, over, feedInPerWh);
        exported += over;
      } else batteryWh[i] = level;
    }
    totals.producedWh += produced;
    totals.gridExportWh += exported;
  };
}
