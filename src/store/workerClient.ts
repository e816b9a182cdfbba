import type { CompareCommand, CompareEvent, WorkerCommand, WorkerEvent } from '../worker/protocol';

/** Each worker's command and event unions (src/worker/protocol.ts). */
interface Protocols {
  engine: { command: WorkerCommand; event: WorkerEvent };
  compare: { command: CompareCommand; event: CompareEvent };
}

export type WorkerKind = keyof Protocols;

interface WorkerSpec<K extends WorkerKind> {
  spawn(): Worker;
  /** The worker's own error event for a crash (a script error, a failed load). */
  failed(message: string): Protocols[K]['event'];
}

/**
 * The page's two workers. Vite bundles a worker only from a literal `new Worker(new URL(...))`,
 * so both are spawned here.
 */
const WORKERS: { readonly [K in WorkerKind]: WorkerSpec<K> } = {
  engine: {
    spawn: () =>
      new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' }),
    failed: (message) => ({
      type: 'error',
      source: 'engine',
      message: `Worker failed: ${message}`,
    }),
  },
  compare: {
    spawn: () =>
      new Worker(new URL('../worker/compare.worker.ts', import.meta.url), { type: 'module' }),
    failed: (message) => ({
      type: 'compare:error',
      message: `Comparison worker failed: ${message}`,
    }),
  },
};

/** The page's handle on one worker, typed by that worker's commands. */
export interface WorkerClient<K extends WorkerKind> {
  send(cmd: Protocols[K]['command']): void;
  terminate(): void;
}

/**
 * Starts a worker and hands each of its events to `onEvent`; a crash arrives as that worker's
 * own error event, so a store has one path for every failure.
 */
export function createWorkerClient<K extends WorkerKind>(
  kind: K,
  onEvent: (e: Protocols[K]['event']) => void,
): WorkerClient<K> {
  const spec: WorkerSpec<K> = WORKERS[kind];
  const worker = spec.spawn();
  worker.onmessage = (ev: MessageEvent<Protocols[K]['event']>) => onEvent(ev.data);
  worker.onerror = (ev) => onEvent(spec.failed(ev.message));
  return {
    send: (cmd) => worker.postMessage(cmd),
    terminate: () => worker.terminate(),
  };
}
