import type { WorkerCommand, WorkerEvent } from '../worker/protocol';

/** The page's single handle on the simulation worker. */
export interface WorkerClient {
  send(cmd: WorkerCommand): void;
  terminate(): void;
}

export function createWorkerClient(onEvent: (e: WorkerEvent) => void): WorkerClient {
  const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), {
    type: 'module',
  });
  worker.onmessage = (ev: MessageEvent<WorkerEvent>) => onEvent(ev.data);
  worker.onerror = (ev) => {
    onEvent({ type: 'error', source: 'engine', message: `Worker failed: ${ev.message}` });
  };
  return {
    send: (cmd) => worker.postMessage(cmd),
    terminate: () => worker.terminate(),
  };
}
