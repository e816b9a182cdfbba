/// <reference lib="webworker" />
/**
 * The simulation worker: owns the engine, runs rounds at the requested speed, streams compact
 * batches to the page and hands every round to the settlement layer without waiting for it.
 * It keeps no copy of the live parameters: every round carries those it ran under, and what the
 * page is told is in force is what the engine says.
 */
import { createRun, endSummary, resolveScenario, type Run, type Scenario } from '../engine';
import { BatchBuilder } from './batchBuilder';
import { ChainBridge } from './chainBridge';
import { chainWork, householdTrades, RoundInspector, roundOnChain } from './inspector';
import { Pacer } from './pacer';
import {
  batchTransferables,
  type ChainConfig,
  type MarketEntry,
  type StartState,
  type WorkerCommand,
  type WorkerEvent,
} from './protocol';

declare const self: DedicatedWorkerGlobalScope;

/** At full speed: how often to post to the page. */
const POST_EVERY_MS = 80;

/** The run in play and what it feeds. */
interface Session {
  run: Run;
  bridge: ChainBridge;
  builder: BatchBuilder;
  inspector: RoundInspector;
  /** Counts runs since the page loaded; every answer about a run carries it. */
  seq: number;
}

let session: Session | null = null;
let runs = 0;
/** Every market opened on the chain since the page (this worker) loaded. */
const markets: Omit<MarketEntry, 'current' | 'holdings'>[] = [];
let chainConfig: ChainConfig | null = null;
let lastPost = 0;

function post(e: WorkerEvent, transfer: Transferable[] = []): void {
  self.postMessage(e, transfer);
}

function fail(source: 'scenario' | 'params' | 'engine', e: unknown): void {
  post({ type: 'error', source, message: e instanceof Error ? e.message : String(e) });
}

function start(s: Scenario): void {
  session?.bridge.close();
  const engine = createRun(s);
  const label = `${s.name}, seed ${s.seed}, ${s.households} households, ${s.days} days, ${s.auction}`;
  const bridge = new ChainBridge(
    (status) => post({ type: 'chain', status }),
    chainConfig,
    s,
    (address, coin) => {
      markets.push({
        number: markets.length + 1,
        address,
        coin,
        label,
        openedAtMs: performance.now(),
      });
      return markets.length;
    },
  );
  const seq = ++runs;
  session = {
    run: engine,
    bridge,
    builder: new BatchBuilder(s.households),
    inspector: new RoundInspector(engine),
    seq,
  };
  post({
    type: 'ready',
    scenario: s,
    totalRounds: engine.totalRounds,
    liveParams: engine.simulation.liveParams(),
    start: startOf(engine),
    run: seq,
  });
}

function inspect(s: Session, round: number): void {
  const t0 = performance.now();
  try {
    const { explanation, stepped } = s.inspector.explain(round);
    post({
      type: 'inspection',
      run: s.seq,
      round,
      explanation,
      error: null,
      ms: performance.now() - t0,
      stepped,
    });
  } catch (e) {
    post({
      type: 'inspection',
      run: s.seq,
      round,
      explanation: null,
      error: e instanceof Error ? e.message : String(e),
      ms: performance.now() - t0,
      stepped: 0,
    });
  }
}

function startOf(engine: Run): StartState {
  const hs = engine.simulation.households();
  const pick = (f: (h: (typeof hs)[number]) => number): Float64Array => Float64Array.from(hs, f);
  return {
    batteryWh: pick((h) => h.batteryWh),
    coinBalance: pick((h) => h.coinBalance),
    moneyBalance: pick((h) => h.moneyBalance),
    loyalty: pick((h) => h.loyalty),
  };
}

function flush(): void {
  if (!session) return;
  const batch = session.builder.take();
  if (batch) post({ type: 'rounds', batch }, batchTransferables(batch));
  session.bridge.emit();
  lastPost = performance.now();
}

function stepOnce(s: Session): boolean {
  if (s.run.done) return false;
  const result = s.run.step();
  s.builder.add(result, s.run.figures ?? undefined);
  s.bridge.enqueue(result);
  return true;
}

const pacer = new Pacer(
  {
    step: () => (session ? stepOnce(session) : false),
    done: () => !session || session.run.done,
    flush,
    afterSlice: (watchable) => {
      if (watchable || performance.now() - lastPost >= POST_EVERY_MS) flush();
    },
    onError: (e) => fail('engine', e),
    onFinished: () => {
      if (session) post({ type: 'done', summary: endSummary(session.run) });
      session?.bridge.verify();
    },
    onPlayingChange: (playing) => post({ type: 'playing', playing }),
  },
  1,
);

function handle(cmd: WorkerCommand): void {
  switch (cmd.type) {
    case 'init': {
      pacer.setPlaying(false);
      chainConfig = cmd.chain;
      try {
        start(resolveScenario(cmd.scenario));
      } catch (e) {
        fail('scenario', e);
      }
      return;
    }
    case 'reset': {
      pacer.setPlaying(false);
      if (session) start(session.run.scenario);
      return;
    }
    case 'play':
      if (session && !session.run.done) pacer.setPlaying(true);
      return;
    case 'pause':
      pacer.setPlaying(false);
      flush();
      session?.bridge.verify();
      return;
    case 'step': {
      if (!session || pacer.isPlaying) return;
      try {
        stepOnce(session);
      } catch (e) {
        fail('engine', e);
      }
      if (!pacer.finishIfDone()) flush();
      return;
    }
    case 'setSpeed':
      pacer.setSpeed(cmd.roundsPerSecond);
      return;
    case 'setLiveParams': {
      if (!session) return;
      const run = session.run;
      const logged = run.changes.length;
      try {
        // Through the run, which logs the change: one log for replays and for the run file.
        run.setLiveParams(cmd.params);
      } catch (e) {
        fail('params', e);
      }
      // What the engine will run the next round under (unchanged after a refusal, so the
      // page's controls snap back), and the log's new entry.
      post({
        type: 'liveParams',
        liveParams: run.simulation.liveParams(),
        change: run.changes.length > logged ? (run.changes.at(-1) ?? null) : null,
      });
      return;
    }
    case 'inspect':
      if (session) inspect(session, cmd.round);
      return;
    case 'inspectChain': {
      const s = session;
      if (!s) return;
      void roundOnChain(chainConfig, s.bridge.market, s.bridge.confirmed, cmd.round, () =>
        s.inspector.round(cmd.round),
      ).then((onChain) => post({ type: 'roundOnChain', run: s.seq, round: cmd.round, onChain }));
      return;
    }
    case 'chainWork': {
      const s = session;
      void chainWork(chainConfig, s?.bridge.market ?? null, markets).then((work) =>
        post({ type: 'chainWork', run: s?.seq ?? 0, work }),
      );
      return;
    }
    case 'householdTrades': {
      const s = session;
      if (!s) return;
      const market = s.bridge.market;
      void householdTrades(chainConfig, market, cmd.household).then(({ trades, error }) =>
        post({
          type: 'householdTrades',
          run: s.seq,
          household: cmd.household,
          market,
          trades,
          error,
        }),
      );
      return;
    }
  }
}

self.onmessage = (ev: MessageEvent<WorkerCommand>) => handle(ev.data);
