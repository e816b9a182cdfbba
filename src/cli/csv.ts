/**
 * rounds.csv (one row per hour) and households.csv (one row per household per hour). Energy in
 * Wh, balances in integer base units (see coinDecimals in summary.json), prices in coins per
 * 100 Wh, loyalty in ppm.
 */
import type { EnergyPrints, RoundFigures, RoundResult } from '../engine';

const ROUND_COLUMNS = [
  'round',
  'day',
  'hour',
  'weather',
  'clearingPrice',
  'buyOrders',
  'sellOrders',
  'bidWh',
  'askWh',
  'tradedWh',
  'returnedWh',
  'rejectedWh',
  'minTradePrice',
  'maxTradePrice',
  'meanTradePrice',
  'producedWh',
  'consumedWh',
  'gridImportWh',
  'gridExportWh',
  'averageUtility',
  'totalSurplus',
  'learningPhase',
  // Cumulative since round 0: ours (1 - grid import / consumption) and the thesis's print
  // (production / (grid import + production)); ENERGY_PRINT_DEFINITIONS in engine figures.ts.
  'solarShareSoFar',
  'thesisSolarPrintSoFar',
];

const HOUSEHOLD_COLUMNS = [
  'round',
  'day',
  'hour',
  'household',
  'hasPv',
  'batteryWh',
  'coinBalance',
  'moneyBalance',
  'loyaltyPpm',
  'producedWh',
  'consumedWh',
  'gridImportWh',
  'gridExportWh',
  'side',
  'orderWh',
  'orderPrice',
  'approvedWh',
  'returnedWh',
  'rejectedWh',
];

export const roundsHeader = (): string => ROUND_COLUMNS.join(',');
export const householdsHeader = (): string => HOUSEHOLD_COLUMNS.join(',');

const num = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toFixed(6))));

/**
 * One hour's row: the round's own fields, the rest from its figures and the energy prints of
 * the rounds so far (engine figures.ts).
 */
export function roundsRow(r: RoundResult, f: RoundFigures, soFar: EnergyPrints): string {
  const optional = (x: number | null) => (x === null ? '' : num(x));
  return [
    r.round,
    r.day,
    r.hourOfDay,
    r.weather,
    r.clearingPrice === null ? '' : num(r.clearingPrice),
    f.buyOrders,
    f.sellOrders,
    f.bidWh,
    f.askWh,
    r.totals.tradedWh,
    f.returnedWh,
    f.rejectedWh,
    optional(f.minTradePrice),
    optional(f.maxTradePrice),
    optional(f.meanTradePrice),
    r.totals.producedWh,
    r.totals.consumedWh,
    r.totals.gridImportWh,
    r.totals.gridExportWh,
    num(r.averageUtility),
    r.totalSurplus,
    r.learningPhase ? 1 : 0,
    optional(soFar.solarShare),
    optional(soFar.thesisSolarPrint),
  ].join(',');
}

/** Emits one row per household of the round. */
export function householdsRows(r: RoundResult, emit: (line: string) => void): void {
  const orderOf = new Map<number, number>();
  r.orders.forEach((o, i) => orderOf.set(o.agent, i));
  for (const h of r.households) {
    const i = orderOf.get(h.index);
    const o = i === undefined ? undefined : r.orders[i];
    const f = i === undefined ? undefined : r.fills[i];
    emit(
      [
        r.round,
        r.day,
        r.hourOfDay,
        h.index,
        h.hasPv ? 1 : 0,
        h.batteryWh,
        h.coinBalance,
        h.moneyBalance,
        h.loyalty,
        h.producedWh,
        h.consumedWh,
        h.gridImportWh,
        h.gridExportWh,
        o ? o.side : '',
        o ? o.energyWh : '',
        o ? o.price : '',
        f ? f.approvedWh : '',
        f ? f.returnedWh : '',
        f ? f.rejectedWh : '',
      ].join(','),
    );
  }
}

/** A CSV of `rows` under `header`, quoting a value that holds a comma, quote or line break. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const esc = (v: unknown): string => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(esc).join(',')).join('\n') + '\n';
}
