/// <reference lib="webworker" />
/**
 * The simulation worker: owns the engine, runs rounds at the requested speed, streams compact
 * batches to the page and hands every round to the settlement layer without waiting for it.
 */
import { createSimulation, resolveScenario, type LiveParams, type Simulation } from '../engine';
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

interface Run {
  sim: Simulation;
  bridge: ChainBridge;
  builder: BatchBuilder;
  live: LiveParams;
}

let run: Run | null = null;
let chainConfig: ChainConfig | null = null;
let lastPost = 0;

function post(e: WorkerEvent, transfer: Transferable[] = []): void {
  self.postMessage(e, transfer);
}

function fail(source: 'scenario' | 'params' | 'engine', e: unknown): void {
  post({ type: 'error', source, message: e instanceof Error ? e.message : String(e) });
}

function start(sim: Simulation): void {
  run?.bridge.close();
  const s = sim.scenario;
  const live = sim.liveParams();
  const bridge = new ChainBridge((status) => post({ type: 'chain', status }), chainConfig, s);
  run = { sim, bridge, builder: new BatchBuilder(s.households), live };
  post({
    type: 'ready',
    scenario: s,
    totalRounds: sim.totalRounds,
    liveParams: live,
    start: startOf(sim),
  });
}

function startOf(sim: Simulation): StartState {
  const hs = sim.households();
  const pick = (f: (h: (typeof hs)[number]) => number): Float64Array => Float64Array.from(hs, f);
  return {
    batteryWh: pick((h) => h.batteryWh),
    coinBalance: pick((h) => h.coinBalance),
    moneyBalance: pick((h) => h.moneyBalance),
    loyalty: pick((h) => h.loyalty),
  };
}

function flush(): void {
  if (!run) return;
  const batch = run.builder.take();
  if (batch) post({ type: 'rounds', batch }, batchTransferables(batch));
  run.bridge.emit();
  lastPost = performance.now();
}

function stepOnce(r: Run): boolean {
  if (r.sim.done) return false;
  const params = r.live;
  const result = r.sim.step();
  r.builder.add(result, params);
  r.bridge.enqueue(result);
  return true;
}

const pacer = new Pacer(
  {
    step: () => (run ? stepOnce(run) : false),
    done: () => !run || run.sim.done,
    flush,
    afterSlice: (watchable) => {
      if (watchable || performance.now() - lastPost >= POST_EVERY_MS) flush();
    },
    onError: (e) => fail('engine', e),
    onFinished: () => {
      post({ type: 'done' });
      run?.bridge.verify();
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
        start(createSimulation(resolveScenario(cmd.scenario)));
      } catch (e) {
        fail('scenario', e);
      }
      return;
    }
    case 'reset': {
      pacer.setPlaying(false);
      if (run) start(createSimulation(run.sim.scenario));
      return;
    }
    case 'play':
      if (run && !run.sim.done) pacer.setPlaying(true);
      return;
    case 'pause':
      pacer.setPlaying(false);
      flush();
      run?.bridge.verify();
      return;
    case 'step': {
      if (!run || pacer.isPlaying) return;
      try {
        stepOnce(run);
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
      if (!run) return;
      try {
        run.sim.setLiveParams(cmd.params);
        run.live = { ...run.live, ...cmd.params };
        post({ type: 'liveParams', liveParams: run.live });
      } catch (e) {
        fail('params', e);
        // Tell the page what is still in force, so its controls snap back.
        post({ type: 'liveParams', liveParams: run.live });
      }
      return;
    }
  }
}

self.onmessage = (ev: MessageEvent<WorkerCommand>) => handle(ev.data);
