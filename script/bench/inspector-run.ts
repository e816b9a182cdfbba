/**
 * The round inspector in Chromium, for `npm run bench`: a run is played to its end at full speed
 * (and settled on a fresh Anvil), the page's heap is read, then the inspector is opened on a round
 * far back in the run and the scrubber is stepped through that round's day, hour by hour, each
 * hour waited for until the inspector shows it. Long tasks come from the page's own
 * PerformanceObserver ('longtask', which reports only tasks over 50 ms) and count from the moment
 * the hour is picked; what ran in a frame that held one goes to stderr.
 *
 *   tsx script/bench/inspector-run.ts <query> <plays> <round>
 *
 * INSPECTOR_TRACE=<file> also writes a Chrome trace of the open and the scrub (every play's, the last kept),
 * to see what a long task did: layout, paint or which script (DevTools' Performance tab reads it).
 *
 * Prints one JSON line, { plays: [...] }, each play's figures (see `Play`). The heap is the main
 * thread's JS heap after a forced garbage collection (CDP HeapProfiler.collectGarbage, then
 * Runtime.getHeapUsage); the engine worker's is read the same way through its own target.
 */
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { startStack } from '../stack';
import { playToEnd, runTotal } from './playSteps';

// The callbacks below run in the page; this file is type-checked without the DOM lib, so they
// reach the page's globals through these minimal shapes.
interface RangeInput {
  value: string;
  dispatchEvent(e: object): boolean;
}
interface PageGlobals {
  Event: new (type: string, init: { bubbles: boolean }) => object;
  __longTasks: { start: number; duration: number }[];
  __frames: { start: number; duration: number; scripts: string[] }[];
  performance: { now(): number };
  document: {
    querySelector(s: string): {
      textContent: string | null;
      firstChild: { textContent: string | null } | null;
      getAttribute(a: string): string | null;
    } | null;
  };
  PerformanceObserver: new (
    cb: (list: {
      getEntries(): {
        startTime: number;
        duration: number;
        scripts?: {
          invoker: string;
          sourceFunctionName: string;
          sourceURL: string;
          sourceCharPosition: number;
          duration: number;
        }[];
      }[];
    }) => void,
  ) => {
    observe(o: { type: string; buffered: boolean }): void;
  };
}

const query = process.argv[2] ?? 'preset=exp4';
const plays = Number(process.argv[3] ?? 1);
const asked = Number(process.argv[4] ?? -1);
/** INSPECTOR_TRACE=<file>: a Chrome trace of the scrub. */
const trace = process.env.INSPECTOR_TRACE;
if (!Number.isInteger(plays) || plays < 1) {
  throw new Error(`inspector-run: plays must be a whole number >= 1, got ${process.argv[3]}`);
}

interface Heap {
  /** Main thread's JS heap in use after a forced GC, bytes. */
  pageUsedBytes: number;
  /** The engine worker's, the same way (null when its target could not be reached). */
  workerUsedBytes: number | null;
}

interface Play {
  rounds: number;
  /** From Play until every round was simulated, and until the chain confirmed every round. */
  playMs: number;
  confirmedMs: number;
  heapAfterRun: Heap;
  /** The round opened, and from picking it until the inspector showed it. */
  openedRound: number;
  openMs: number;
  /** Rounds the worker stepped to answer the open (a far jump replays from the start). */
  openStepped: number;
  longestTaskOpenMs: number;
  /** The day's remaining hours stepped with the scrubber, each until shown. */
  scrubbedHours: number;
  scrubMedianMs: number;
  scrubMaxMs: number;
  longestTaskScrubMs: number;
  /** Every long task that started after the pick, in ms (empty: none over 50 ms). */
  longTasksMs: number[];
  heapAfterInspector: Heap;
}

/** Sends CDP commands to the page's engine worker through the page's session (no flat mode). */
interface WorkerCdp {
  send<T>(method: string): Promise<T>;
}

/**
 * The page's engine worker as a CDP target: auto-attach on the page's session lists its dedicated
 * workers, and each is spoken to with Target.sendMessageToTarget (Playwright makes CDP sessions
 * for pages and frames only).
 */
async function workerCdp(cdp: CDPSession): Promise<WorkerCdp | null> {
  const attached = new Promise<string | null>((resolve) => {
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker' && /engine/.test(e.targetInfo.url)) resolve(e.sessionId);
    });
    setTimeout(() => resolve(null), 5_000);
  });
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  const sessionId = await attached;
  if (!sessionId) return null;
  let id = 0;
  const waiting = new Map<number, (r: unknown) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message) as { id?: number; result?: unknown };
    if (m.id !== undefined) waiting.get(m.id)?.(m.result);
  });
  return {
    send<T>(method: string): Promise<T> {
      const n = ++id;
      const answered = new Promise<T>((resolve) => waiting.set(n, (r) => resolve(r as T)));
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id: n, method }),
      });
      return answered;
    },
  };
}

/** The main thread's and the engine worker's JS heap in use, each after a forced GC. */
async function heap(cdp: CDPSession, worker: WorkerCdp | null): Promise<Heap> {
  await cdp.send('HeapProfiler.collectGarbage');
  const main = await cdp.send('Runtime.getHeapUsage');
  let workerUsedBytes: number | null = null;
  if (worker) {
    await worker.send('HeapProfiler.collectGarbage');
    workerUsedBytes = (await worker.send<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize;
  }
  return { pageUsedBytes: main.usedSize, workerUsedBytes };
}

/** Runs `how` (which picks `round`) and waits until the inspector shows that round; ms taken. */
async function pickAndWait(page: Page, round: number, how: () => Promise<void>): Promise<number> {
  const t0 = await page.evaluate(() => (globalThis as unknown as PageGlobals).performance.now());
  await how();
  await page.waitForFunction(
    (r) => {
      const el = (globalThis as unknown as PageGlobals).document.querySelector(
        '[data-testid="inspector"]',
      );
      return (
        el?.getAttribute('data-round') === String(r) && el.getAttribute('data-ready') === 'true'
      );
    },
    round,
    { timeout: 120_000, polling: 'raf' },
  );
  return (await page.evaluate(() => (globalThis as unknown as PageGlobals).performance.now())) - t0;
}

async function play(browser: Browser, baseUrl: string): Promise<Play> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(() => {
    const w = globalThis as unknown as PageGlobals;
    w.__longTasks = [];
    w.__frames = [];
    new w.PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    new w.PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.__frames.push({
          start: e.startTime,
          duration: e.duration,
          scripts: (e.scripts ?? []).map(
            // The source position names the function in a minified build, via its source map.
            (s) =>
              `${s.invoker} ${s.sourceFunctionName} (${s.sourceURL.replace(/^.*\//, '')}:${s.sourceCharPosition}) ${Math.round(s.duration)} ms`,
          ),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
  const cdp = await page.context().newCDPSession(page);
  await page.goto(`${baseUrl}/?${query}`);
  const total = await runTotal(page);
  const { startedAt: t0, ms: playMs } = await playToEnd(page, total, {
    timeout: 600_000,
    polling: 100,
  });
  await page.waitForFunction(
    (n) =>
      (globalThis as unknown as PageGlobals).document.querySelector(
        '[data-testid="rounds-confirmed"]',
      )?.textContent === String(n),
    total,
    { timeout: 600_000, polling: 200 },
  );
  const confirmedMs = Date.now() - t0;
  const worker = await workerCdp(cdp);
  const heapAfterRun = await heap(cdp, worker);

  // A round far back in the run, at the start of its day (so the scrub covers the whole day).
  const day = Math.floor((asked >= 0 ? asked : Math.floor(total * 0.6)) / 24);
  const openedRound = Math.min(total - 24, day * 24);
  // Playwright's own work in the page happens before `since`: finding the scrubber by its label
  // (getByLabel reads the label of every element of the page) and focusing it ran in the page's
  // main thread, 60 - 220 ms long tasks at 1,000 households (Chrome traces: getElementLabels,
  // elementText), which the page's long-task observer counted as the open's and the scrub's.
  // The hour is then picked as a user's drag does it (the input's value and an input event) and
  // the scrub is keys pressed on the focused scrubber, neither running script in the page.
  const scrubber = page.getByLabel('Picked hour');
  await scrubber.focus();
  const input = await scrubber.elementHandle();
  if (!input) throw new Error('inspector-run: the page has no "Picked hour" scrubber');
  // Started before `since`: starting the trace is itself a long task of the page.
  if (trace) await browser.startTracing(page, { path: trace, screenshots: false });
  const since = await page.evaluate(() => (globalThis as unknown as PageGlobals).performance.now());
  const openMs = await pickAndWait(page, openedRound, async () => {
    await input.evaluate((el, v) => {
      const range = el as unknown as RangeInput;
      // React tracks the value it set: the prototype's setter makes this a change it sees.
      const set = Object.getOwnPropertyDescriptor(
        Object.getPrototypeOf(range) as object,
        'value',
      )?.set;
      set?.call(range, v);
      range.dispatchEvent(
        new (globalThis as unknown as PageGlobals).Event('input', { bubbles: true }),
      );
    }, String(openedRound));
  });
  const cost = await page.evaluate(
    () =>
      (globalThis as unknown as PageGlobals).document.querySelector(
        '[data-testid="inspector-recomputed"]',
      )?.textContent ?? '',
  );
  const openStepped = Number(/(\d+) rounds stepped/.exec(cost)?.[1] ?? 0);
  const afterOpen = await page.evaluate(() =>
    (globalThis as unknown as PageGlobals).performance.now(),
  );
  const steps: number[] = [];
  for (let r = openedRound + 1; r < openedRound + 24; r++) {
    steps.push(await pickAndWait(page, r, () => page.keyboard.press('ArrowRight')));
  }
  if (trace) await browser.stopTracing();
  const { tasks, frames } = await page.evaluate(
    ([from]) => {
      const w = globalThis as unknown as PageGlobals;
      const tasks = w.__longTasks.filter((t) => t.start >= (from as number));
      return {
        tasks,
        frames: w.__frames.filter((f) =>
          tasks.some((t) => t.start >= f.start && t.start < f.start + f.duration),
        ),
      };
    },
    [since],
  );
  for (const f of frames) {
    const what = f.scripts.join('; ') || 'no script';
    process.stderr.write(
      `long frame ${Math.round(f.start - since)} ms after the pick, ${Math.round(f.duration)} ms: ${what}\n`,
    );
  }
  const open = tasks.filter((t) => t.start < afterOpen);
  const scrub = tasks.filter((t) => t.start >= afterOpen);
  const sorted = [...steps].sort((a, b) => a - b);
  const heapAfterInspector = await heap(cdp, worker);
  await page.close();
  return {
    rounds: total,
    playMs,
    confirmedMs,
    heapAfterRun,
    openedRound,
    openMs,
    openStepped,
    longestTaskOpenMs: Math.max(0, ...open.map((t) => t.duration)),
    scrubbedHours: steps.length,
    scrubMedianMs: sorted[Math.floor(sorted.length / 2)] ?? NaN,
    scrubMaxMs: sorted[sorted.length - 1] ?? NaN,
    longestTaskScrubMs: Math.max(0, ...scrub.map((t) => t.duration)),
    longTasksMs: tasks.map((t) => Math.round(t.duration)),
    heapAfterInspector,
  };
}

const stack = await startStack();
const browser = await chromium.launch(chromiumLaunchOptions);
try {
  const results: Play[] = [];
  for (let i = 0; i < plays; i++) results.push(await play(browser, stack.baseUrl));
  process.stdout.write(`${JSON.stringify({ plays: results })}\n`);
} finally {
  await browser.close();
  await stack.stop();
}
process.exit(0);
