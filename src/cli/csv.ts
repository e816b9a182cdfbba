/**
 * rounds.csv (one row per hour) and households.csv (one row per household per hour). Energy in
 * Wh, balances in integer base units (see coinDecimals in summary.json), prices in coins per
 * 100 Wh, loyalty in ppm.
 */
import { coinsPer100WhFromPricePerWh } from '../engine';
import type { RoundResult } from '../engine';

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

export function roundsRow(r: RoundResult): string {
  let buys = 0;
  let sells = 0;
  let bidWh = 0;
  let askWh = 0;
  for (const o of r.orders) {
    if (o.side === 'buy') {
      buys++;
      bidWh += o.energyWh;
    } else {
      sells++;
      askWh += o.energyWh;
    }
  }
  let returned = 0;
  let rejected = 0;
  for (const f of r.fills) {
    returned += f.returnedWh;
    rejected += f.rejectedWh;
  }
  let min = Infinity;
  let max = -Infinity;
  let value = 0;
  for (const t of r.trades) {
    min = Math.min(min, t.pricePerWh);
    max = Math.max(max, t.pricePerWh);
    value += t.pricePerWh * t.energyWh;
  }
  const traded = r.totals.tradedWh;
  const price = (p: number) => (Number.isFinite(p) ? num(coinsPer100WhFromPricePerWh(p)) : '');
  return [
    r.round,
    r.day,
    r.hourOfDay,
    r.weather,
    r.clearingPrice === null ? '' : num(r.clearingPrice),
    buys,
    sells,
    bidWh,
    askWh,
    traded,
    returned,
    rejected,
    price(min),
    price(max),
    traded > 0 ? price(value / traded) : '',
    r.totals.producedWh,
    r.totals.consumedWh,
    r.totals.gridImportWh,
    r.totals.gridExportWh,
    num(r.averageUtility),
    r.totalSurplus,
    r.learningPhase ? 1 : 0,
  ].join(',');
}

/** Appends one row per household of the round to `out`. */
export function householdsRows(r: RoundResult, out: string[]): void {
  const orderOf = new Map<number, number>();
  r.orders.forEach((o, i) => orderOf.set(o.agent, i));
  for (const h of r.households) {
    const i = orderOf.get(h.index);
    const o = i === undefined ? undefined : r.orders[i];
    const f = i === undefined ? undefined : r.fills[i];
    out.push(
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
