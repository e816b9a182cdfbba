/**
 * rounds.csv (one row per hour) and households.csv (one row per household per hour). Energy in
 * Wh, balances in integer base units (see coinDecimals in summary.json), prices in coins per
 * 100 Wh, loyalty in ppm.
 *
 * The one definition of both files' columns and of how a value is written: the CLI writes its
 * files with it and the page's CSV export formats its rows with it, so the two cannot drift
 * (a test holds the page's export of a run to the CLI's rounds.csv byte for byte). No Node APIs.
 */
import type { EnergyPrints, RoundFigures } from './figures';
import type { RoundResult } from './simulation';

export const ROUND_COLUMNS = [
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
] as const;
export type RoundColumn = (typeof ROUND_COLUMNS)[number];

export const HOUSEHOLD_COLUMNS = [
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
] as const;

export const roundsHeader = (): string => ROUND_COLUMNS.join(',');
export const householdsHeader = (): string => HOUSEHOLD_COLUMNS.join(',');

const num = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toFixed(6))));

/**
 * One hour's values under rounds.csv's columns; null is an empty cell (no clearing price, no
 * trade, a print over no energy). Whoever holds a round's figures (the CLI its RoundResult, the
 * page its history) fills this, and {@link roundsLine} writes it.
 */
export type RoundValues = {
  readonly [K in RoundColumn]: K extends 'weather' ? string : number | null;
};

/**
 * A round's values: its own fields, the rest from its figures and the energy prints of the
 * rounds so far (engine figures.ts).
 */
export function roundValues(r: RoundResult, f: RoundFigures, soFar: EnergyPrints): RoundValues {
  return {
    round: r.round,
    day: r.day,
    hour: r.hourOfDay,
    weather: r.weather,
    clearingPrice: r.clearingPrice,
    buyOrders: f.buyOrders,
    sellOrders: f.sellOrders,
    bidWh: f.bidWh,
    askWh: f.askWh,
    tradedWh: r.totals.tradedWh,
    returnedWh: f.returnedWh,
    rejectedWh: f.rejectedWh,
    minTradePrice: f.minTradePrice,
    maxTradePrice: f.maxTradePrice,
    meanTradePrice: f.meanTradePrice,
    producedWh: r.totals.producedWh,
    consumedWh: r.totals.consumedWh,
    gridImportWh: r.totals.gridImportWh,
    gridExportWh: r.totals.gridExportWh,
    averageUtility: r.averageUtility,
    totalSurplus: r.totalSurplus,
    learningPhase: r.learningPhase ? 1 : 0,
    solarShareSoFar: soFar.solarShare,
    thesisSolarPrintSoFar: soFar.thesisSolarPrint,
  };
}

/** One rounds.csv line (no line break) of `v`, in ROUND_COLUMNS' order. */
export function roundsLine(v: RoundValues): string {
  return ROUND_COLUMNS.map((k) => {
    const x = v[k];
    return typeof x === 'string' ? x : x === null ? '' : num(x);
  }).join(',');
}

/** One hour's row of the CLI's rounds.csv (see {@link roundValues}). */
export function roundsRow(r: RoundResult, f: RoundFigures, soFar: EnergyPrints): string {
  return roundsLine(roundValues(r, f, soFar));
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
