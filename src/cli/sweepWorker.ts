/**
 * A sweep's worker thread: it gets the plan once and then batches of run indices, and answers
 * each batch with its runs' figures (sweepRun.ts). Started by sweepPool.ts through tsWorker.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { sweepRun } from './sweepRun';
import { cellsOf, type SweepPlan } from './sweepPlan';
import type { ToWorker, FromWorker } from './sweepPool';

const plan = (workerData as { plan: SweepPlan }).plan;
const cells = cellsOf(plan);
const port = parentPort;
if (!port) throw new Error('sweepWorker runs as a worker thread');

port.on('message', (m: ToWorker) => {
  let reply: FromWorker;
  try {
    reply = {
      type: 'results',
      results: m.indices.map((i) => sweepRun(plan, cells, i, () => performance.now())),
    };
  } catch (e) {
    reply = { type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(reply);
});
port.postMessage({ type: 'ready' } satisfies FromWorker);
