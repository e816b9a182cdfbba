/**
 * summary.json: every resolved scenario parameter, both energy prints (ours and the thesis's,
 * with their definitions), prices, who gained what, and timing. Balances are decimal strings of integer base units, with coinDecimals alongside.
 */
import { COIN_DECIMALS, ENERGY_PRINT_DEFINITIONS, LOYALTY_SCALE } from '../engine';
import type { RunOutput } from './run';

export interface SummaryHousehold {
  id: number;
  address: string;
  hasPv: boolean;
  pvAreaM2: number;
  coinBalance: string;
  moneyBalance: string;
  /** Coins won (+) or spent (-) in local trades. */
  coinDelta: string;
  /** coinDelta + moneyBalance (1 coin = 1 money). */
  netValue: string;
  batteryWh: number;
  /** As a number (1.0 = start); loyaltyPpm is the exact integer the chain stores. */
  loyalty: number;
  loyaltyPpm: number;
  producedWh: number;
  consumedWh: number;
  gridImportWh: number;
  gridExportWh: number;
  boughtLocalWh: number;
  soldLocalWh: number;
}

export function buildSummary(
  run: RunOutput,
  addresses: readonly string[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const m = run.metrics;
  const households: SummaryHousehold[] = m.households.map((h) => ({
    id: h.index,
    address: addresses[h.index] ?? '',
    hasPv: h.hasPv,
    pvAreaM2: run.scenario.pv.areasM2[h.index] ?? 0,
    coinBalance: String(h.coinBalance),
    moneyBalance: String(h.moneyBalance),
    coinDelta: String(h.coinDelta),
    netValue: String(h.netValue),
    batteryWh: h.batteryWh,
    loyalty: h.loyalty / LOYALTY_SCALE,
    loyaltyPpm: h.loyalty,
    producedWh: h.producedWh,
    consumedWh: h.consumedWh,
    gridImportWh: h.gridImportWh,
    gridExportWh: h.gridExportWh,
    boughtLocalWh: h.boughtLocalWh,
    soldLocalWh: h.soldLocalWh,
  }));
  return {
    scenario: run.scenario,
    rounds: m.rounds,
    coinDecimals: COIN_DECIMALS,
    // Both prints, each with its definition: ours (a share of consumption) and the thesis's
    // (tables 5.2-5.4: a share of production plus grid purchases).
    energy: {
      ...m.energy,
      thesisTotalWh: m.energy.producedWh + m.energy.gridImportWh,
      thesisSolarPrint: m.thesisPrint.solar,
      thesisCarbonPrint: m.thesisPrint.carbon,
      definitions: ENERGY_PRINT_DEFINITIONS,
    },
    prices: {
      unit: 'coins per 100 Wh',
      binWidth: 1,
      histogram: m.prices.histogram,
      modal: m.prices.modal,
    },
    utility: m.utility,
    households,
    timing: { wallMs: round1(run.wallMs), engineMs: round1(run.engineMs) },
    ...extra,
  };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
