/**
 * Packs consecutive round results into one compact RoundBatch for the page (protocol.ts). The
 * per-round figures come from the engine's figures module, the live parameters from each round's
 * own `params`, so the page shows what the engine computed and ran under.
 */
import { batchPercentiles } from './percentiles';
import type { RoundResult } from '../engine';
import { coinsPer100WhFromPricePerWh, roundFigures, type RoundFigures } from '../engine';
import { WEATHER_CODES, type RoundBatch } from './protocol';

interface Pending {
  readonly r: RoundResult;
  readonly f: RoundFigures;
}

export class BatchBuilder {
  private rounds: Pending[] = [];

  constructor(private readonly households: number) {}

  /** Queues a round; `figures` are its RoundFigures when the caller has them already. */
  add(r: RoundResult, figures: RoundFigures = roundFigures(r)): void {
    this.rounds.push({ r, f: figures });
  }

  /** Rounds queued and not yet taken. */
  get pending(): number {
    return this.rounds.length;
  }

  /** Returns the packed batch and empties the builder, or null when nothing is pending. */
  take(): RoundBatch | null {
    const items = this.rounds;
    const first = items[0];
    if (!first) return null;
    this.rounds = [];
    const n = items.length;
    const h = this.households;
    const f64 = (): Float64Array => new Float64Array(n);
    const trades = countTrades(items);
    const b = {
      firstRound: first.r.round,
      count: n,
      households: h,
      day: new Uint16Array(n),
      hourOfDay: new Uint8Array(n),
      weather: new Uint8Array(n),
      clearingPrice: f64(),
      meanTradePrice: f64(),
      producedWh: f64(),
      consumedWh: f64(),
      gridImportWh: f64(),
      gridExportWh: f64(),
      tradedWh: f64(),
      tradeCount: new Uint32Array(n),
      averageUtility: f64(),
      totalSurplus: f64(),
      buyOrders: f64(),
      sellOrders: f64(),
      bidWh: f64(),
      askWh: f64(),
      returnedWh: f64(),
      rejectedWh: f64(),
      minTradePrice: f64(),
      maxTradePrice: f64(),
      learningPhase: f64(),
      priceMin: f64(),
      priceMax: f64(),
      batteryThreshold: f64(),
      gridRetailPrice: f64(),
      gridFeedInPrice: f64(),
      batteryWh: new Float64Array(n * h),
      coinBalance: new Float64Array(n * h),
      moneyBalance: new Float64Array(n * h),
      loyalty: new Float64Array(n * h),
      // Filled below, once the households' values are in.
      percentiles: new Float64Array(0),
      tradePrice: new Float64Array(trades),
      tradeEnergyWh: new Float64Array(trades),
    } satisfies RoundBatch;
    let t = 0;
    items.forEach(({ r, f }, i) => {
      const p = r.params;
      b.day[i] = r.day;
      b.hourOfDay[i] = r.hourOfDay;
      b.weather[i] = Math.max(0, WEATHER_CODES.indexOf(r.weather));
      b.clearingPrice[i] = r.clearingPrice ?? Number.NaN;
      b.meanTradePrice[i] = f.meanTradePrice ?? Number.NaN;
      b.producedWh[i] = r.totals.producedWh;
      b.consumedWh[i] = r.totals.consumedWh;
      b.gridImportWh[i] = r.totals.gridImportWh;
      b.gridExportWh[i] = r.totals.gridExportWh;
      b.tradedWh[i] = r.totals.tradedWh;
      b.tradeCount[i] = f.tradeCount;
      b.averageUtility[i] = r.averageUtility;
      b.totalSurplus[i] = r.totalSurplus;
      b.buyOrders[i] = f.buyOrders;
      b.sellOrders[i] = f.sellOrders;
      b.bidWh[i] = f.bidWh;
      b.askWh[i] = f.askWh;
      b.returnedWh[i] = f.returnedWh;
      b.rejectedWh[i] = f.rejectedWh;
      b.minTradePrice[i] = f.minTradePrice ?? Number.NaN;
      b.maxTradePrice[i] = f.maxTradePrice ?? Number.NaN;
      b.learningPhase[i] = r.learningPhase ? 1 : 0;
      b.priceMin[i] = p.priceMin;
      b.priceMax[i] = p.priceMax;
      b.batteryThreshold[i] = p.batteryThreshold;
      b.gridRetailPrice[i] = p.gridRetailPrice;
      b.gridFeedInPrice[i] = p.gridFeedInPrice;
      for (const hs of r.households) {
        if (hs.index >= h) continue;
        const k = i * h + hs.index;
        b.batteryWh[k] = hs.batteryWh;
        b.coinBalance[k] = hs.coinBalance;
        b.moneyBalance[k] = hs.moneyBalance;
        b.loyalty[k] = hs.loyalty;
      }
      for (const tr of r.trades) {
        b.tradePrice[t] = coinsPer100WhFromPricePerWh(tr.pricePerWh);
        b.tradeEnergyWh[t] = tr.energyWh;
        t++;
      }
    });
    return { ...b, percentiles: batchPercentiles(b, h, n) };
  }
}

function countTrades(items: readonly Pending[]): number {
  let n = 0;
  for (const { r } of items) n += r.trades.length;
  return n;
}
