import type { CompareCommand, CompareEvent } from '../../worker/protocol';

/** The comparison view's handle on its own worker (separate from the dashboard's engine worker). */
export interface CompareClient {
  send(cmd: CompareCommand): void;
  terminate(): void;
}

export function createCompareClient(onEvent: (e: CompareEvent) => void): CompareClient {
  const worker = new Worker(new URL('../../worker/compare.worker.ts', import.meta.url), {
    type: 'module',
  });
  worker.onmessage = (ev: MessageEvent<CompareEvent>) => onEvent(ev.data);
  worker.onerror = (ev) => {
    onEvent({ type: 'compare:error', message: `Comparison worker failed: ${ev.message}` });
  };
  return {
    send: (cmd) => worker.postMessage(cmd),
    terminate: () => worker.terminate(),
  };
}
