/**
 * Calls `fn` at most once every `ms`: at once when the last call is old enough, otherwise once
 * when the interval ends, however many requests came in between. At full speed batches arrive
 * faster than charts are worth redrawing; both stores bump their chart version through this.
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
    if (wait <= 0) run();
    else timer ??= setTimeout(run, wait);
  };
}
