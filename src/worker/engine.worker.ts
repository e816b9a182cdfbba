/// <reference lib="webworker" />
/**
 * The simulation worker: owns the engine, runs rounds at the requested speed, streams compact
 * batches to the page and hands every round to the settlement layer without waiting for it.
 */
import { createSimulation, resolveScenario, type LiveParams, type Simulation } from '../engine';
import { BatchBuilder } from './batchBuilder';
import { ChainBridge } from './chainBridge';
import {
  batchTransferables,
  type ChainConfig,
  type WorkerCommand,
  type WorkerEvent,
} from './protocol';

declare const self: DedicatedWorkerGlobalScope;

/** At full speed: how long to compute before yielding, and how often to post to the page. */
const SLICE_MS = 12;
const POST_EVERY_MS = 80;

interface Run {
  sim: Simulation;
  bridge: ChainBridge;
  builder: BatchBuilder;
  live: LiveParams;
}

let run: Run | null = null;
let chainConfig: ChainConfig | null = null;
let playing = false;
let roundsPerSecond = 1;
let timer: ReturnType<typeof setTimeout> | null = null;
let playStartedAt = 0;
let roundsSincePlay = 0;
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
  const live = {
    priceMin: s.priceMin,
    priceMax: s.priceMax,
    batteryThreshold: s.batteryThreshold,
  };
  const bridge = new ChainBridge((status) => post({ type: 'chain', status }), chainConfig, s);
  run = { sim, bridge, builder: new BatchBuilder(s.households), live };
  post({ type: 'ready', scenario: s, totalRounds: sim.totalRounds, liveParams: live });
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

function setPlaying(p: boolean): void {
  if (playing === p) return;
  playing = p;
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (p) {
    playStartedAt = performance.now();
    roundsSincePlay = 0;
    timer = setTimeout(tick, 0);
  }
  post({ type: 'playing', playing: p });
}

function finishIfDone(r: Run): boolean {
  if (!r.sim.done) return false;
  flush();
  setPlaying(false);
  post({ type: 'done' });
  r.bridge.verify();
  return true;
}

function tick(): void {
  timer = null;
  const r = run;
  if (!playing || !r) return;
  try {
    const now = performance.now();
    if (roundsPerSecond <= 0) {
      while (performance.now() - now < SLICE_MS && stepOnce(r)) roundsSincePlay++;
    } else {
      const due = Math.floor(((now - playStartedAt) * roundsPerSecond) / 1000) + 1;
      while (roundsSincePlay < due && stepOnce(r)) roundsSincePlay++;
    }
  } catch (e) {
    fail('engine', e);
    flush();
    setPlaying(false);
    return;
  }
  if (finishIfDone(r)) return;
  const slow = roundsPerSecond > 0 && roundsPerSecond <= 20;
  if (slow || performance.now() - lastPost >= POST_EVERY_MS) flush();
  const wait = roundsPerSecond <= 0 ? 0 : Math.max(1, Math.min(50, 1000 / roundsPerSecond));
  timer = setTimeout(tick, wait);
}

function handle(cmd: WorkerCommand): void {
  switch (cmd.type) {
    case 'init': {
      setPlaying(false);
      chainConfig = cmd.chain;
      try {
        start(createSimulation(resolveScenario(cmd.scenario)));
      } catch (e) {
        fail('scenario', e);
      }
      return;
    }
    case 'reset': {
      setPlaying(false);
      if (run) start(createSimulation(run.sim.scenario));
      return;
    }
    case 'play':
      if (run && !run.sim.done) setPlaying(true);
      return;
    case 'pause':
      setPlaying(false);
      flush();
      run?.bridge.verify();
      return;
    case 'step': {
      if (!run || playing) return;
      try {
        stepOnce(run);
      } catch (e) {
        fail('engine', e);
      }
      if (!finishIfDone(run)) flush();
      return;
    }
    case 'setSpeed':
      roundsPerSecond = Number.isFinite(cmd.roundsPerSecond) ? cmd.roundsPerSecond : 0;
      playStartedAt = performance.now();
      roundsSincePlay = 0;
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
