/**
 * The comparison worker: plays several mechanisms on the same scenario and seed in lockstep, one
 * round of each per hour, and streams per-round series plus the comparison table. Engine only: a
 * comparison is about the market rules, and settling six markets on chain would only slow it down.
 */
import { averageUtility, createRun, type MechanismName, type Run } from '../engine';
import { comparisonScenarios } from '../engine';
import { BASE_PER_COIN } from '../engine';
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

/** One mechanism's run and the series not yet posted. */
interface Lane {
  run: Run;
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

/** Appends the series' values after the lane's last round (the engine's figures). */
function record(lane: Lane): void {
  const f = lane.run.figures;
  const so = lane.run.soFar;
  const p = lane.pending;
  p.meanTradePrice.push(f?.meanTradePrice ?? Number.NaN);
  p.cumTradedKWh.push(so.tradedWh / 1000);
  p.cumGridImportKWh.push(so.gridImportWh / 1000);
  p.meanMoney.push(so.moneyBalance / Math.max(1, lane.run.scenario.households) / BASE_PER_COIN);
  const utility = averageUtility(so.utilitySum, so.tradingRounds);
  p.averageUtility.push(utility === null ? Number.NaN : utility / BASE_PER_COIN);
}

function stepAll(): boolean {
  if (nextRound >= totalRounds) return false;
  for (const lane of lanes) {
    lane.run.step();
    record(lane);
  }
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
    rows: lanes.map((l) => l.run.row()),
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
    lanes = scenarios.map((s) => ({ run: createRun(s), pending: emptyPending() }));
    const first = lanes[0]!.run;
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
