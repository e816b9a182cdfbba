/**
 * Consumption phase (docs/MODEL.md "One simulated hour", step 8): every household first takes
 * in what it bought from the grid directly (the part of its need its coins could not cover),
 * then uses the hour's forecast consumption from its battery; a shortfall comes from the grid.
 * Energy bought this round meets consumption before it has to fit the battery, so only what
 * still exceeds the capacity afterwards is exported.
 */
import { exportToGrid, importFromGrid, type Households } from './households';
import type { RoundTotals } from './types';

export type ConsumptionPhase = (
  round: number,
  retailPerWh: number,
  feedInPerWh: number,
  totals: RoundTotals,
) => void;

export function createConsumptionPhase(h: Households): ConsumptionPhase {
  const n = h.count;
  const cap = h.capacityWh;
  const window = h.useWindow;
  const { batteryWh, directBuyWh, forecastWh, consumedWh, recentUseWh } = h;
  return (round, retailPerWh, feedInPerWh, totals) => {
    let imported = 0;
    let exported = 0;
    let consumed = 0;
    for (let i = 0; i < n; i++) {
      const direct = directBuyWh[i] as number;
      if (direct > 0) {
        directBuyWh[i] = 0;
        batteryWh[i] = (batteryWh[i] as number) + direct;
        importFromGrid(h, i, direct, retailPerWh);
        imported += direct;
      }
      let level = batteryWh[i] as number;
      const c = forecastWh[i] as number;
      if (level >= c) level -= c;
      else {
        const short = c - level;
        level = 0;
        importFromGrid(h, i, short, retailPerWh);
        imported += short;
      }
      if (level > cap) {
        const over = level - cap;
        level = cap;
        exportToGrid(h, i, over, feedInPerWh);
        exported += over;
      }
      batteryWh[i] = level;
      consumedWh[i] = (consumedWh[i] as number) + c;
      consumed += c;
      recentUseWh[i * window + (round % window)] = c;
    }
    totals.gridImportWh += imported;
    totals.gridExportWh += exported;
    totals.consumedWh += consumed;
  };
}
