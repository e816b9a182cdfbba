import { create } from 'zustand';
import type { ComparisonRow, MechanismName, Scenario, ScenarioInput } from '../engine';
import type { CompareEvent } from '../worker/protocol';
import { CompareHistory } from './compareHistory';
import { throttled } from './throttle';
import { useCompareTime } from './timeView';
import { createWorkerClient, type WorkerClient } from './workerClient';

export interface CompareState {
  /** What the last Apply asked for. */
  input: ScenarioInput;
  auctions: readonly MechanismName[];
  /** What the worker resolved and is playing; null before it is ready or after a bad input. */
  scenario: Scenario | null;
  running: readonly MechanismName[];
  history: CompareHistory;
  rows: readonly ComparisonRow[];
  /** Bumped when the history changes; charts select it to redraw. */
  version: number;
  playing: boolean;
  done: boolean;
  /** Rounds per second; 0 = as fast as possible. */
  speed: number;
  error: string | null;
  /**
   * The mechanism every chart line is drawn as a difference from (its own line is then 0), so
   * lines that run close together come apart; null draws each mechanism's own figure.
   */
  baseline: MechanismName | null;

  start(input: ScenarioInput, auctions: readonly MechanismName[]): void;
  play(): void;
  pause(): void;
  setSpeed(roundsPerSecond: number): void;
  setBaseline(baseline: MechanismName | null): void;
}

let client: WorkerClient<'compare'> | null = null;

/** Redraws at most this often: six mechanisms at full speed are not worth drawing faster. */
const REDRAW_MS = 400;

export const useCompare = create<CompareState>()((set, get) => {
  const redraw = throttled(REDRAW_MS, () => set((s) => ({ version: s.version + 1 })));
  const onEvent = (e: CompareEvent): void => {
    switch (e.type) {
      case 'compare:ready':
        useCompareTime.getState().reset();
        set((s) => ({
          scenario: e.scenario,
          running: e.auctions,
          history: new CompareHistory(e.auctions.length, e.totalRounds),
          rows: [],
          version: s.version + 1,
          done: false,
          error: null,
        }));
        return;
      case 'compare:rounds': {
        get().history.append(e.batch);
        set({ rows: e.batch.rows });
        redraw();
        return;
      }
      case 'compare:playing':
        set({ playing: e.playing });
        return;
      case 'compare:done':
        set({ done: true, playing: false });
        return;
      case 'compare:error':
        set({ error: e.message });
        return;
    }
  };

  const ensureClient = (): WorkerClient<'compare'> => {
    if (!client) {
      client = createWorkerClient('compare', onEvent);
      client.send({ type: 'compare:setSpeed', roundsPerSecond: get().speed });
    }
    return client;
  };

  return {
    input: {},
    auctions: [],
    scenario: null,
    running: [],
    history: new CompareHistory(0, 0),
    rows: [],
    version: 0,
    playing: false,
    done: false,
    speed: 0,
    error: null,
    baseline: null,

    start(input, auctions) {
      set({ input, auctions, scenario: null, running: [], rows: [], playing: false, done: false });
      ensureClient().send({ type: 'compare:init', scenario: input, auctions });
    },
    play() {
      ensureClient().send({ type: 'compare:play' });
    },
    pause() {
      client?.send({ type: 'compare:pause' });
    },
    setSpeed(roundsPerSecond) {
      set({ speed: roundsPerSecond });
      client?.send({ type: 'compare:setSpeed', roundsPerSecond });
    },
    setBaseline: (baseline) => set({ baseline }),
  };
});
