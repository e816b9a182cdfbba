/**
 * Run-level metrics, accumulated round by round: the energy print (solar / carbon share and the
 * thesis's own print), the price histogram, utility, and who gained what. The CLI's summary.json
 * and the page read these. Every figure is defined in figures.ts; this module sums rounds into
 * a run summary.
 */
import {
  averageUtility,
  createFiguresCollector,
  priceBin,
  solarShare,
  thesisSolarPrint,
  type FiguresSoFar,
  type RoundFigures,
} from './figures';
import type { HouseholdState, RoundResult } from './simulation';
import { DIV_WH, coinsPer100WhFromPricePerWh } from './units';

export interface HouseholdSummary extends HouseholdState {
  /** Coins gained (+) or spent (-) in local trades, base units. */
  coinDelta: number;
  boughtLocalWh: number;
  soldLocalWh: number;
  /** coinDelta + moneyBalance: the household's net gain in base units (1 coin = 1 money). */
  netValue: number;
}

export interface RunSummary {
  rounds: number;
  /** From the households' own books after the last round. */
  energy: {
    consumedWh: number;
    producedWh: number;
    gridImportWh: number;
    gridExportWh: number;
    localTradedWh: number;
    /** 1 - gridImport / consumption (figures.solarShare); 0 before anything was consumed. */
    solarShare: number;
    carbonShare: number;
  };
  /**
   * The thesis's own energy print (tables 5.2-5.4): production / (grid purchases + production)
   * (figures.thesisSolarPrint) and its complement; null before anything was produced or bought.
   */
  thesisPrint: { solar: number | null; carbon: number | null };
  prices: {
    /**
     * Traded 100 Wh units by price bin (figures.priceBin): key "p" counts trades priced in
     * [p, p + 1) coins per 100 Wh, so the thesis's "most used price 3-4" is bin "3".
     */
    histogram: Record<string, number>;
    /** Bin start with the most traded units (lowest on ties), null when nothing traded. */
    modal: number | null;
  };
  utility: {
    /** Mean of averageUtility over rounds that traded (base units per 100 Wh unit). */
    averagePerTradingRound: number;
    totalSurplus: number;
    tradingRounds: number;
  };
  households: HouseholdSummary[];
}

export interface RunMetrics {
  /** Adds a round (in order, each once); returns its figures. */
  add(r: RoundResult): RoundFigures;
  /** Sums since round 0 (a live view). */
  readonly soFar: Readonly<FiguresSoFar>;
  summary(): RunSummary;
}

export function createRunMetrics(initialCoinsBase: number): RunMetrics {
  const figures = createFiguresCollector();
  const bins = new Map<number, number>();
  // The last round, not its households: those are made only when read (simulation.ts), and the
  // summary reads them once at the end.
  let lastRound: RoundResult | null = null;
  const bought = new Map<number, number>();
  const sold = new Map<number, number>();
  return {
    soFar: figures.soFar,
    add(r) {
      const f = figures.add(r);
      lastRound = r;
      for (const t of r.trades) {
        const bin = priceBin(coinsPer100WhFromPricePerWh(t.pricePerWh));
        bins.set(bin, (bins.get(bin) ?? 0) + t.energyWh / DIV_WH);
        bought.set(t.buyer, (bought.get(t.buyer) ?? 0) + t.energyWh);
        sold.set(t.seller, (sold.get(t.seller) ?? 0) + t.energyWh);
      }
      return f;
    },
    summary() {
      const so = figures.soFar;
      const last: readonly HouseholdState[] = lastRound?.households ?? [];
      let consumedWh = 0;
      let producedWh = 0;
      let gridImportWh = 0;
      let gridExportWh = 0;
      for (const h of last) {
        consumedWh += h.consumedWh;
        producedWh += h.producedWh;
        gridImportWh += h.gridImportWh;
        gridExportWh += h.gridExportWh;
      }
      const solar = solarShare(consumedWh, gridImportWh);
      const print = thesisSolarPrint(producedWh, gridImportWh);
      const sorted = [...bins.entries()].sort((a, b) => a[0] - b[0]);
      let modal: number | null = null;
      let modalUnits = 0;
      const histogram: Record<string, number> = {};
      for (const [bin, units] of sorted) {
        histogram[String(bin)] = units;
        if (units > modalUnits) {
          modal = bin;
          modalUnits = units;
        }
      }
      return {
        rounds: so.rounds,
        energy: {
          consumedWh,
          producedWh,
          gridImportWh,
          gridExportWh,
          localTradedWh: so.tradedWh,
          solarShare: solar ?? 0,
          carbonShare: solar === null ? 0 : 1 - solar,
        },
        thesisPrint: { solar: print, carbon: print === null ? null : 1 - print },
        prices: { histogram, modal },
        utility: {
          averagePerTradingRound: averageUtility(so.utilitySum, so.tradingRounds) ?? 0,
          totalSurplus: so.totalSurplus,
          tradingRounds: so.tradingRounds,
        },
        households: last.map((h) => {
          const coinDelta = h.coinBalance - initialCoinsBase;
          return {
            ...h,
            coinDelta,
            boughtLocalWh: bought.get(h.index) ?? 0,
            soldLocalWh: sold.get(h.index) ?? 0,
            netValue: coinDelta + h.moneyBalance,
          };
        }),
      };
    },
  };
}
