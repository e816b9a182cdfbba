/// <reference lib="webworker" />
/**
 * The simulation worker: owns the engine, runs rounds at the requested speed, streams compact
 * batches to the page and hands every round to the settlement layer without waiting for it.
 * It keeps no copy of the live parameters: every round carries those it ran under, and what the
 * page is told is in force is what the engine says.
 */
import { createRun, resolveScenario, type Run, type Scenario } from '../engine';
import { BatchBuilder } from './batchBuilder';
import { ChainBridge } from './chainBridge';
import { Pacer } from './pacer';
import {
  batchTransferables,
  type ChainConfig,
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
}

let session: Session | null = null;
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
  const bridge = new ChainBridge((status) => post({ type: 'chain', status }), chainConfig, s);
  session = { run: engine, bridge, builder: new BatchBuilder(s.households) };
  post({
    type: 'ready',
    scenario: s,
    totalRounds: engine.totalRounds,
    liveParams: engine.simulation.liveParams(),
    start: startOf(engine),
  });
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
      post({ type: 'done' });
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
      const sim = session.run.simulation;
      try {
        sim.setLiveParams(cmd.params);
      } catch (e) {
        fail('params', e);
      }
      // What the engine will run the next round under (unchanged after a refusal, so the
      // page's controls snap back).
      post({ type: 'liveParams', liveParams: sim.liveParams() });
      return;
    }
  }
}

self.onmessage = (ev: MessageEvent<WorkerCommand>) => handle(ev.data);
