/**
 * A scenario (its URL query, `preset=exp4` by default) played at full speed in Debian's Chromium
 * against the built app and a fresh Anvil (the stack, script/stack.ts, brings both up), `plays`
 * times, each in a fresh page (its own renderer process, so JIT warm-up belongs to that play, and
 * its own market on the chain). Prints one JSON line, { plays: [...] }, each play's { wallMs,
 * longestTaskMs, blockedShare, peakHeapBytes, endHeapBytes, endBackingBytes, rounds, settledRounds,
 * confirmedMs }.
 * wallMs runs from pressing Play until the page shows every round simulated; long tasks are read
 * from the page's own PerformanceObserver and only those that started after Play count;
 * blockedShare is their summed duration over wallMs; the heap is the page's JS heap (the main
 * thread's, by the DevTools protocol) sampled every half second while it plays. What ran in a
 * frame that held a long task goes to stderr.
 * Usage: tsx script/bench/page-run.ts [query] [plays] [confirm: yes | no]
 *
 * PAGE_PROFILE=<file> also writes the main thread's CPU profile of the play (every play's, the
 * last kept; DevTools' Performance tab or `script/bench/longTaskProfile.ts` reads it), to see
 * which functions a long task spent its time in. PAGE_TRACE=<file> writes a Chrome trace of the
 * play (its tasks, layout, paint, garbage collection); longTaskProfile.ts reads both together,
 * each long task with the work and the functions in it.
 */
import { writeFileSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { startStack } from '../stack';
import { playToEnd, runTotal } from './playSteps';

// The callbacks below run in the page; this file is type-checked without the DOM lib, so they
// reach the page's globals through these minimal shapes.
interface PageGlobals {
  __longTasks: { start: number; duration: number }[];
  /** Long animation frames with the scripts that ran in them, to say what a long task was. */
  __frames: { start: number; duration: number; scripts: string[] }[];
  /** When the Play button was pressed, from the pointer event's own time stamp. */
  __playAt: number | null;
  addEventListener(
    type: string,
    cb: (e: {
      timeStamp: number;
      target: { closest?(s: string): { textContent: string | null } | null } | null;
    }) => void,
    capture: boolean,
  ): void;
  document: {
    querySelector(
      s: string,
    ): { textContent: string | null; firstChild: { textContent: string | null } | null } | null;
  };
  PerformanceObserver: new (
    cb: (list: {
      getEntries(): {
        startTime: number;
        duration: number;
        scripts?: { invoker: string; sourceFunctionName: string; duration: number }[];
      }[];
    }) => void,
  ) => {
    observe(o: { type: string; buffered: boolean }): void;
  };
}

const query = process.argv[2] ?? 'preset=exp4';
const plays = Number(process.argv[3] ?? 1);
// Waiting for the chain to confirm every round of a large run costs minutes; `no` skips it.
const confirm = (process.argv[4] ?? 'yes') === 'yes';
/** PAGE_PROFILE=<file>: the main thread's CPU profile of the play. */
const profileFile = process.env.PAGE_PROFILE;
/** PAGE_TRACE=<file>: a Chrome trace of the play. */
const traceFile = process.env.PAGE_TRACE;
if (!Number.isInteger(plays) || plays < 1) {
  throw new Error(`page-run: plays must be a whole number >= 1, got ${process.argv[3]}`);
}

interface Play {
  wallMs: number;
  longestTaskMs: number;
  /** Summed long tasks (each over 50 ms) after Play, over wallMs. */
  blockedShare: number;
  peakHeapBytes: number;
  endHeapBytes: number;
  /**
   * Array buffers' backing stores at the end (CDP Runtime.getHeapUsage; null where this Chromium
   * does not say): the history's typed arrays live there, outside the JS heap counted above.
   */
  endBackingBytes: number | null;
  rounds: number;
  /** Rounds confirmed on chain when the last one was simulated. */
  settledRounds: number;
  /** From Play until the chain confirmed every round; null when not waited for. */
  confirmedMs: number | null;
}

async function play(browser: Browser): Promise<Play> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(() => {
    const w = globalThis as unknown as PageGlobals;
    w.__longTasks = [];
    // The press's own time stamp, not a clock read before the click: Playwright's lookup of the
    // button runs script in the page, and that is the harness's work, not the dashboard's.
    w.__playAt = null;
    w.addEventListener(
      'pointerdown',
      (e) => {
        if (w.__playAt === null && e.target?.closest?.('button')?.textContent === 'Play') {
          w.__playAt = e.timeStamp;
        }
      },
      true,
    );
    new w.PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    w.__frames = [];
    new w.PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        w.__frames.push({
          start: e.startTime,
          duration: e.duration,
          scripts: (e.scripts ?? []).map(
            (s) => `${s.invoker} ${s.sourceFunctionName} ${Math.round(s.duration)} ms`,
          ),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
  await page.goto(`${stack.baseUrl}/?${query}`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const heapNow = async (): Promise<number> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  };
  let peakHeapBytes = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peakHeapBytes = Math.max(peakHeapBytes, await heapNow().catch(() => 0));
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  // The total appears once the worker has resolved the scenario.
  const total = await runTotal(page);
  if (profileFile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  if (traceFile) {
    await browser.startTracing(page, {
      path: traceFile,
      screenshots: false,
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'],
    });
  }
  // A year of 1,000 households plays at the chain's pace (its lag is bounded): tens of minutes.
  const { startedAt: t0, ms: wallMs } = await playToEnd(page, total, {
    timeout: Math.max(300_000, total * 300),
    polling: 50,
  });
  if (traceFile) await browser.stopTracing();
  if (profileFile) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
  }
  sampling = false;
  await sampler;
  const endHeapBytes = await heapNow();
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { backingStorageSize?: number };
  const endBackingBytes = usage.backingStorageSize ?? null;
  peakHeapBytes = Math.max(peakHeapBytes, endHeapBytes);
  const { longestTaskMs, blockedMs, frames } = await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    if (w.__playAt === null) throw new Error('the Play press was not seen by the page');
    const since = w.__playAt;
    const tasks = w.__longTasks.filter((t) => t.start >= since);
    return {
      longestTaskMs: Math.max(0, ...tasks.map((t) => t.duration)),
      blockedMs: tasks.reduce((sum, t) => sum + t.duration, 0),
      // The frames that held a long task, with what ran in them: the reason, on stderr.
      frames: w.__frames
        .filter((f) => tasks.some((t) => t.start >= f.start && t.start < f.start + f.duration))
        .map((f) => ({ ...f, playAt: since })),
    };
  });
  for (const f of frames) {
    const at = Math.round(f.start - f.playAt);
    const what = f.scripts.join('; ') || 'no script';
    process.stderr.write(`long frame ${at} ms after Play, ${Math.round(f.duration)} ms: ${what}\n`);
  }
  const settledRounds = Number(await page.getByTestId('rounds-confirmed').textContent());
  // The next play starts on a quiet chain: this one's transactions are all confirmed first.
  if (!confirm) {
    await page.close();
    return {
      wallMs,
      longestTaskMs,
      blockedShare: blockedMs / wallMs,
      peakHeapBytes,
      endHeapBytes,
      endBackingBytes,
      rounds: total,
      settledRounds,
      confirmedMs: null,
    };
  }
  await page.waitForFunction(
    (n) =>
      (globalThis as unknown as PageGlobals).document.querySelector(
        '[data-testid="rounds-confirmed"]',
      )?.textContent === String(n),
    total,
    { timeout: 300_000, polling: 100 },
  );
  const confirmedMs = Date.now() - t0;
  await page.close();
  return {
    wallMs,
    longestTaskMs,
    blockedShare: blockedMs / wallMs,
    peakHeapBytes,
    endHeapBytes,
    endBackingBytes,
    rounds: total,
    settledRounds,
    confirmedMs,
  };
}

const stack = await startStack();
const browser = await chromium.launch(chromiumLaunchOptions);
try {
  const results: Play[] = [];
  for (let i = 0; i < plays; i++) results.push(await play(browser));
  process.stdout.write(`${JSON.stringify({ plays: results })}\n`);
} finally {
  await browser.close();
  await stack.stop();
}
process.exit(0);
