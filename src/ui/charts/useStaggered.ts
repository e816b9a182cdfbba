import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

/**
 * Charts redraw one per macrotask instead of all in one: each chart's render and commit is then
 * its own short task, so a redraw of the whole dashboard never blocks the main thread for long.
 */
const queue: Array<() => void> = [];
let scheduled = false;

function drain(): void {
  scheduled = false;
  queue.shift()?.();
  if (queue.length > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(drain, 0);
}

/** The value to draw: follows `value`, but each change waits its turn in the shared queue. */
export function useStaggered<T>(value: T): T {
  const [drawn, setDrawn] = useState(value);
  useEffect(() => {
    if (Object.is(value, drawn)) return;
    // flushSync: this chart renders and commits inside its own task, not batched with others.
    const job = (): void => flushSync(() => setDrawn(value));
    queue.push(job);
    schedule();
    return () => {
      const i = queue.indexOf(job);
      if (i >= 0) queue.splice(i, 1);
    };
  }, [value, drawn]);
  return drawn;
}
