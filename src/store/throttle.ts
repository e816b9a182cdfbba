/**
 * Calls `fn` at most once every `ms`: in a task of its own as soon as the last call is old
 * enough, otherwise once when the interval ends, however many requests came in between. At full
 * speed batches arrive faster than charts are worth redrawing; both stores bump their chart
 * version through this. Never inside the request: a request comes from the worker's message, and
 * the re-render that a version bump starts would otherwise share that task with the append (the
 * page's long tasks at 1,000 households were `Worker.onmessage`).
 */
export function throttled(ms: number, fn: () => void): () => void {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = (): void => {
    timer = null;
    last = performance.now();
    fn();
  };
  return () => {
    const wait = ms - (performance.now() - last);
    timer ??= setTimeout(run, Math.max(0, wait));
  };
}
