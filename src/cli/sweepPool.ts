/**
 * Runs a sweep's runs on N threads (one per core by default): this thread and N - 1 worker
 * threads take the next runs from one queue, and every result is returned in run order whatever
 * order they finished in. This thread runs from the start, so the time a worker takes to load
 * the engine is not lost; it yields after each run so the workers' answers are heard.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { sweepRun, type SweepRunResult } from './sweepRun';
import { cellsOf, type SweepPlan } from './sweepPlan';

export type ToWorker = { type: 'runs'; indices: number[] };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'results'; results: SweepRunResult[] }
  | { type: 'error'; message: string };

export const defaultWorkers = (): number => availableParallelism();

/** Runs per message to a worker: small enough to keep every thread busy to the end. */
const BATCH = 4;

export interface PoolOptions {
  /** Threads in all, this one included. */
  workers: number;
  onProgress?: (done: number, total: number) => void;
}

const tick = () => new Promise<void>((r) => setImmediate(r));

/** Results of `indices` in the order of `indices`. */
export async function runPool(
  plan: SweepPlan,
  indices: readonly number[],
  opts: PoolOptions,
): Promise<SweepRunResult[]> {
  const total = indices.length;
  const byIndex = new Map<number, SweepRunResult>();
  const progress = () => opts.onProgress?.(byIndex.size, total);
  let next = 0;
  const take = (n: number): number[] => {
    const batch = indices.slice(next, next + n);
    next += batch.length;
    return batch;
  };
  const threads = Math.max(0, Math.min(opts.workers - 1, Math.ceil(total / BATCH) - 1));
  const workers: Worker[] = [];
  const finished = new Set<Worker>();
  let failure: Error | null = null;
  let pending = 0;
  let wake: (() => void) | null = null;
  const settle = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const fail = (e: Error) => {
    failure ??= e;
    settle();
  };
  const feed = (w: Worker) => {
    const batch = take(BATCH);
    if (batch.length === 0) {
      finished.add(w);
      void w.terminate();
      return;
    }
    pending++;
    w.postMessage({ type: 'runs', indices: batch } satisfies ToWorker);
  };
  for (let n = 0; n < threads; n++) {
    const w = new Worker(new URL('./tsWorker.mjs', import.meta.url), {
      workerData: { entry: new URL('./sweepWorker.ts', import.meta.url).href, plan },
    });
    workers.push(w);
    w.on('message', (m: FromWorker) => {
      if (m.type === 'error') return fail(new Error(`a sweep worker failed: ${m.message}`));
      if (m.type === 'results') {
        pending--;
        for (const r of m.results) byIndex.set(r.index, r);
        progress();
        settle();
      }
      feed(w);
    });
    w.on('error', fail);
    w.on('exit', (code) => {
      if (!finished.has(w)) fail(new Error(`a sweep worker stopped early (exit code ${code})`));
    });
  }
  try {
    const cells = cellsOf(plan);
    for (;;) {
      if (failure) throw failure;
      const [i] = take(1);
      if (i === undefined) break;
      byIndex.set(
        i,
        sweepRun(plan, cells, i, () => performance.now()),
      );
      progress();
      if (threads > 0 || byIndex.size % 16 === 0) await tick();
    }
    // The queue is empty; wait for the batches still out on workers.
    while (byIndex.size < total) {
      if (failure) throw failure;
      if (pending === 0 && workers.every((w) => finished.has(w))) break;
      await new Promise<void>((r) => (wake = r));
    }
    if (failure) throw failure;
  } finally {
    for (const w of workers) {
      finished.add(w);
      void w.terminate();
    }
  }
  if (byIndex.size < total) throw new Error('a sweep ended with runs missing');
  return indices.map((i) => byIndex.get(i) as SweepRunResult);
}
