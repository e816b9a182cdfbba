/**
 * The comparison worker: plays several mechanisms on the same scenario and seed in lockstep, one
 * round of each per hour, and streams per-round series plus the comparison table. Engine only: a
 * comparison is about the market rules, and settling six markets on chain would only slow it down.
 */
import type { MechanismName, RoundResult } from '../engine';
import {
  comparisonScenarios,
  createMechanismRunner,
  type MechanismRunner,
} from '../engine/comparison';
import { BASE_PER_COIN, coinsPer100WhFromPricePerWh } from '../engine/units';
import {
  compareTransferables,
  type CompareBatch,
  type CompareCommand,
  type CompareEvent,
  type CompareSeries,
} from './protocol';
import { Pacer } from './pacer';

declare const self: DedicatedWorkerGlobalScope;

/** At full speed: how often to post to the page. */
const POST_EVERY_MS = 150;

/** Cumulative state a mechanism's series needs between rounds. */
interface Lane {
  runner: MechanismRunner;
  tradedWh: number;
  gridImportWh: number;
  utilitySum: number;
  tradingRounds: number;
  pending: Pending;
}

interface Pending {
  meanTradePrice: number[];
  cumTradedKWh: number[];
  cumGridImportKWh: number[];
  meanMoney: number[];
  averageUtility: number[];
}

const emptyPending = (): Pending => ({
  meanTradePrice: [],
  cumTradedKWh: [],
  cumGridImportKWh: [],
  meanMoney: [],
  averageUtility: [],
});

let lanes: Lane[] = [];
let nextRound = 0;
let firstPending = 0;
let totalRounds = 0;
let lastPost = 0;

function post(e: CompareEvent, transfer: Transferable[] = []): void {
  self.postMessage(e, transfer);
}

function record(lane: Lane, r: RoundResult): void {
  lane.tradedWh += r.totals.tradedWh;
  lane.gridImportWh += r.totals.gridImportWh;
  let value = 0;
  let tradedWh = 0;
  for (const t of r.trades) {
    value += t.energyWh * t.pricePerWh;
    tradedWh += t.energyWh;
  }
  if (r.trades.length > 0) {
    lane.tradingRounds++;
    lane.utilitySum += r.averageUtility;
  }
  let money = 0;
  for (const h of r.households) money += h.moneyBalance;
  const p = lane.pending;
  p.meanTradePrice.push(tradedWh > 0 ? coinsPer100WhFromPricePerWh(value / tradedWh) : Number.NaN);
  p.cumTradedKWh.push(lane.tradedWh / 1000);
  p.cumGridImportKWh.push(lane.gridImportWh / 1000);
  p.meanMoney.push(money / Math.max(1, r.households.length) / BASE_PER_COIN);
  p.averageUtility.push(
    lane.tradingRounds > 0 ? lane.utilitySum / lane.tradingRounds / BASE_PER_COIN : Number.NaN,
  );
}

function stepAll(): boolean {
  if (nextRound >= totalRounds) return false;
  for (const lane of lanes) record(lane, lane.runner.step());
  nextRound++;
  return true;
}

function flush(): void {
  lastPost = performance.now();
  const count = nextRound - firstPending;
  if (count <= 0) return;
  const series: CompareSeries[] = lanes.map((lane) => {
    const p = lane.pending;
    lane.pending = emptyPending();
    return {
      meanTradePrice: Float64Array.from(p.meanTradePrice),
      cumTradedKWh: Float64Array.from(p.cumTradedKWh),
      cumGridImportKWh: Float64Array.from(p.cumGridImportKWh),
      meanMoney: Float64Array.from(p.meanMoney),
      averageUtility: Float64Array.from(p.averageUtility),
    };
  });
  const batch: CompareBatch = {
    firstRound: firstPending,
    count,
    series,
    rows: lanes.map((l) => l.runner.row()),
  };
  firstPending = nextRound;
  post({ type: 'compare:rounds', batch }, compareTransferables(batch));
}

const pacer = new Pacer(
  {
    step: stepAll,
    done: () => nextRound >= totalRounds,
    flush,
    afterSlice: () => {
      if (performance.now() - lastPost >= POST_EVERY_MS) flush();
    },
    onError: (e) =>
      post({ type: 'compare:error', message: e instanceof Error ? e.message : String(e) }),
    onFinished: () => post({ type: 'compare:done' }),
    onPlayingChange: (playing) => post({ type: 'compare:playing', playing }),
  },
  0,
);

function init(cmd: Extract<CompareCommand, { type: 'compare:init' }>): void {
  pacer.setPlaying(false);
  lanes = [];
  nextRound = 0;
  firstPending = 0;
  totalRounds = 0;
  const auctions: readonly MechanismName[] = cmd.auctions;
  if (auctions.length === 0) {
    post({ type: 'compare:error', message: 'mechanisms: none picked; pick at least one' });
    return;
  }
  try {
    const scenarios = comparisonScenarios(cmd.scenario, auctions);
    lanes = scenarios.map((s) => ({
      runner: createMechanismRunner(s),
      tradedWh: 0,
      gridImportWh: 0,
      utilitySum: 0,
      tradingRounds: 0,
      pending: emptyPending(),
    }));
    const first = lanes[0]!.runner.simulation;
    totalRounds = first.totalRounds;
    post({ type: 'compare:ready', scenario: first.scenario, auctions, totalRounds });
  } catch (e) {
    lanes = [];
    post({ type: 'compare:error', message: e instanceof Error ? e.message : String(e) });
  }
}

self.onmessage = (ev: MessageEvent<CompareCommand>) => {
  const cmd = ev.data;
  switch (cmd.type) {
    case 'compare:init':
      init(cmd);
      return;
    case 'compare:play':
      if (lanes.length > 0 && nextRound < totalRounds) pacer.setPlaying(true);
      return;
    case 'compare:pause':
      pacer.setPlaying(false);
      flush();
      return;
    case 'compare:setSpeed':
      pacer.setSpeed(cmd.roundsPerSecond);
      return;
  }
};
