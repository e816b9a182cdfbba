/**
 * The end-of-run summary: what a run came to in a dozen lines (both energy prints, energy,
 * trades, prices, who gained and who lost). The page shows it when a run ends and the CLI's
 * `simulate --run` prints it, from the same figures through the same text, so the two can be
 * compared line by line. Every figure is the run summary's (metrics.ts) or its sums' (figures.ts).
 *
 * Text is built without the locale (no grouping, `.` for decimals), so Node and every browser
 * write the same characters.
 */
import { meanPrice, solarShare, thesisSolarPrint } from './figures';
import type { Run } from './run';
import { BASE_PER_COIN } from './units';

/** One household's coins won (+) or spent (-) in local trades since the start, base units. */
export interface CoinGain {
  readonly household: number;
  readonly coins: number;
}

/**
 * A group of households (with or without panels): how many, their mean coins won or spent in
 * trades and their mean money balance (paid to the grid, negative, or received from it), base
 * units; null for an empty group.
 */
export interface GroupGain {
  readonly households: number;
  readonly meanCoins: number | null;
  readonly meanMoney: number | null;
}

export interface EndSummary {
  readonly rounds: number;
  readonly totalRounds: number;
  readonly households: number;
  /** Totals from the households' books after the last round, Wh. */
  readonly consumedWh: number;
  readonly producedWh: number;
  readonly gridImportWh: number;
  readonly gridExportWh: number;
  readonly tradedWh: number;
  /** Ours: 1 - grid import / consumption; null before anything was consumed. */
  readonly solarShare: number | null;
  /** The thesis's: production / (grid import + production); null before anything flowed. */
  readonly thesisSolarPrint: number | null;
  readonly trades: number;
  /** What sellers received per 100 Wh over every trade, coins; null when nothing traded. */
  readonly meanTradePrice: number | null;
  /** The whole-coin price bin with the most traded energy, and the lowest and highest used. */
  readonly modalPriceBin: number | null;
  readonly lowestPriceBin: number | null;
  readonly highestPriceBin: number | null;
  /** The household that won most coins in trades and the one that spent most (lowest index on ties). */
  readonly gainedMost: CoinGain | null;
  readonly lostMost: CoinGain | null;
  readonly prosumers: GroupGain;
  readonly consumers: GroupGain;
}

const mean = (xs: readonly number[]): number | null =>
  xs.length === 0 ? null : xs.reduce((s, v) => s + v, 0) / xs.length;

function groupGain(hs: readonly { coinDelta: number; moneyBalance: number }[]): GroupGain {
  return {
    households: hs.length,
    meanCoins: mean(hs.map((h) => h.coinDelta)),
    meanMoney: mean(hs.map((h) => h.moneyBalance)),
  };
}

/** The summary of `run` after the rounds it has simulated so far. */
export function endSummary(run: Run): EndSummary {
  const m = run.summary();
  const so = run.soFar;
  const bins = Object.keys(m.prices.histogram)
    .map(Number)
    .sort((a, b) => a - b);
  let gainedMost: CoinGain | null = null;
  let lostMost: CoinGain | null = null;
  for (const h of m.households) {
    if (!gainedMost || h.coinDelta > gainedMost.coins)
      gainedMost = { household: h.index, coins: h.coinDelta };
    if (!lostMost || h.coinDelta < lostMost.coins)
      lostMost = { household: h.index, coins: h.coinDelta };
  }
  return {
    rounds: run.round,
    totalRounds: run.totalRounds,
    households: run.scenario.households,
    consumedWh: m.energy.consumedWh,
    producedWh: m.energy.producedWh,
    gridImportWh: m.energy.gridImportWh,
    gridExportWh: m.energy.gridExportWh,
    tradedWh: m.energy.localTradedWh,
    solarShare: solarShare(m.energy.consumedWh, m.energy.gridImportWh),
    thesisSolarPrint: thesisSolarPrint(m.energy.producedWh, m.energy.gridImportWh),
    trades: so.trades,
    meanTradePrice: meanPrice(so.tradeValue, so.tradedWh),
    modalPriceBin: m.prices.modal,
    lowestPriceBin: bins[0] ?? null,
    highestPriceBin: bins.at(-1) ?? null,
    gainedMost,
    lostMost,
    prosumers: groupGain(m.households.filter((h) => h.hasPv)),
    consumers: groupGain(m.households.filter((h) => !h.hasPv)),
  };
}

/** One line of the summary: a stable key, a label and the value in words. */
export interface SummaryLine {
  readonly key: string;
  readonly label: string;
  readonly value: string;
}

const kWh = (wh: number): string => `${(wh / 1000).toFixed(1)} kWh`;
const pct = (share: number | null): string =>
  share === null ? 'none (nothing flowed)' : `${(share * 100).toFixed(2)} %`;
/** Base units as signed whole coins (or money) with two decimals. */
const signed = (base: number): string => {
  const v = base / BASE_PER_COIN;
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(2)}`;
};

function priceText(s: EndSummary): string {
  if (s.meanTradePrice === null) return 'no trades';
  const range =
    s.lowestPriceBin === s.highestPriceBin
      ? `all in ${s.lowestPriceBin}–${(s.lowestPriceBin ?? 0) + 1}`
      : `from ${s.lowestPriceBin}–${(s.lowestPriceBin ?? 0) + 1} to ${s.highestPriceBin}–${(s.highestPriceBin ?? 0) + 1}`;
  return `mean ${s.meanTradePrice.toFixed(2)} coins per 100 Wh; most energy traded at ${s.modalPriceBin}–${(s.modalPriceBin ?? 0) + 1}, ${range}`;
}

function groupText(g: GroupGain): string {
  if (g.meanCoins === null || g.meanMoney === null) return 'none';
  return `${g.households}, on average ${signed(g.meanCoins)} coins in trades and ${signed(g.meanMoney)} money with the grid`;
}

/** The summary as the page shows it and the CLI prints it, line for line. */
export function endSummaryLines(s: EndSummary): readonly SummaryLine[] {
  const who = (g: CoinGain | null): string =>
    g === null ? 'nobody' : `household ${g.household}, ${signed(g.coins)} coins in trades`;
  return [
    {
      key: 'hours',
      label: 'Hours simulated',
      value: `${s.rounds} of ${s.totalRounds} (${s.households} households)`,
    },
    { key: 'solarShare', label: 'Solar share of consumption (ours)', value: pct(s.solarShare) },
    { key: 'thesisPrint', label: "Thesis's energy print", value: pct(s.thesisSolarPrint) },
    {
      key: 'energy',
      label: 'Energy',
      value: `consumed ${kWh(s.consumedWh)}, produced ${kWh(s.producedWh)}, traded locally ${kWh(s.tradedWh)}`,
    },
    {
      key: 'grid',
      label: 'Outer grid',
      value: `bought ${kWh(s.gridImportWh)}, sold ${kWh(s.gridExportWh)}`,
    },
    { key: 'trades', label: 'Trades', value: String(s.trades) },
    { key: 'prices', label: 'Prices', value: priceText(s) },
    { key: 'gainedMost', label: 'Gained most', value: who(s.gainedMost) },
    { key: 'lostMost', label: 'Lost most', value: who(s.lostMost) },
    { key: 'prosumers', label: 'Households with panels', value: groupText(s.prosumers) },
    { key: 'consumers', label: 'Households without panels', value: groupText(s.consumers) },
  ];
}

/** The summary as plain text, `label: value` per line (the CLI's output). */
export function endSummaryText(s: EndSummary): string {
  return endSummaryLines(s)
    .map((l) => `${l.label}: ${l.value}`)
    .join('\n');
}
