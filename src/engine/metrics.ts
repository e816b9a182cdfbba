/**
 * Run-level metrics, accumulated round by round: the energy print (solar / carbon share), the
 * price histogram, utility, and who gained what. The CLI's summary.json and the UI read these.
 */
import type { HouseholdState, RoundResult } from './simulation';
import { BASE_PER_COIN, DIV_WH } from './units';

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
  energy: {
    consumedWh: number;
    producedWh: number;
    gridImportWh: number;
    gridExportWh: number;
    localTradedWh: number;
    /** 1 - gridImport / consumption. */
    solarShare: number;
    carbonShare: number;
  };
  prices: {
    /**
     * Traded 100 Wh units by price bin: key "p" counts trades priced in [p, p + 1) coins per
     * 100 Wh, so the thesis's "most used price 3-4" is bin "3".
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
  add(r: RoundResult): void;
  summary(): RunSummary;
}

export function createRunMetrics(initialCoinsBase: number): RunMetrics {
  let rounds = 0;
  let traded = 0;
  const bins = new Map<number, number>();
  let utilitySum = 0;
  let tradingRounds = 0;
  let totalSurplus = 0;
  let last: readonly HouseholdState[] = [];
  const bought = new Map<number, number>();
  const sold = new Map<number, number>();
  return {
    add(r) {
      rounds++;
      last = r.households;
      traded += r.totals.tradedWh;
      totalSurplus += r.totalSurplus;
      if (r.trades.length > 0) {
        tradingRounds++;
        utilitySum += r.averageUtility;
      }
      for (const t of r.trades) {
        const bin = Math.floor((t.pricePerWh * DIV_WH) / BASE_PER_COIN);
        bins.set(bin, (bins.get(bin) ?? 0) + t.energyWh / DIV_WH);
        bought.set(t.buyer, (bought.get(t.buyer) ?? 0) + t.energyWh);
        sold.set(t.seller, (sold.get(t.seller) ?? 0) + t.energyWh);
      }
    },
    summary() {
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
      const solarShare = consumedWh > 0 ? 1 - gridImportWh / consumedWh : 0;
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
        rounds,
        energy: {
          consumedWh,
          producedWh,
          gridImportWh,
          gridExportWh,
          localTradedWh: traded,
          solarShare,
          carbonShare: consumedWh > 0 ? 1 - solarShare : 0,
        },
        prices: { histogram, modal },
        utility: {
          averagePerTradingRound: tradingRounds > 0 ? utilitySum / tradingRounds : 0,
          totalSurplus,
          tradingRounds,
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
