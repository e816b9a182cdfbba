/**
 * exp4 played at full speed in Debian's Chromium against the built app and a fresh Anvil (the
 * e2e global setup brings both up). Prints one JSON line:
 * { wallMs, longestTaskMs, rounds, settledRounds }. wallMs runs from pressing Play until the
 * page shows every round simulated; long tasks are read from the page's own PerformanceObserver
 * and only those that started after Play count.
 */
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../../e2e/chromium';
import globalSetup from '../../e2e/global-setup';

// The callbacks below run in the page; this file is type-checked without the DOM lib, so they
// reach the page's globals through these minimal shapes.
interface PageGlobals {
  __longTasks: { start: number; duration: number }[];
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
    cb: (list: { getEntries(): { startTime: number; duration: number }[] }) => void,
  ) => {
    observe(o: { type: string; buffered: boolean }): void;
  };
}

const preset = process.argv[2] ?? 'exp4';
const stop = await globalSetup();
const browser = await chromium.launch(chromiumLaunchOptions);
try {
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
  });
  await page.goto(`${process.env.E2E_BASE_URL}/?preset=${preset}`);
  // The total appears once the worker has resolved the scenario.
  const total = Number(
    await (
      await page.waitForFunction(
        () => {
          const t =
            (globalThis as unknown as PageGlobals).document.querySelector(
              '[data-testid="rounds-simulated"] .of',
            )?.textContent ?? '';
          const n = Number(t.replace(/\D/g, ''));
          return n > 0 ? n : false;
        },
        undefined,
        { timeout: 60_000 },
      )
    ).jsonValue(),
  );
  await page.getByLabel('Speed').selectOption('0');
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(
    (n) =>
      (globalThis as unknown as PageGlobals).document.querySelector(
        '[data-testid="rounds-simulated"]',
      )?.firstChild?.textContent === String(n),
    total,
    { timeout: 300_000, polling: 50 },
  );
  const wallMs = Date.now() - t0;
  const longestTaskMs = await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    if (w.__playAt === null) throw new Error('the Play press was not seen by the page');
    const since = w.__playAt;
    return Math.max(0, ...w.__longTasks.filter((t) => t.start >= since).map((t) => t.duration));
  });
  const settledRounds = Number(await page.getByTestId('rounds-confirmed').textContent());
  process.stdout.write(
    `${JSON.stringify({ wallMs, longestTaskMs, rounds: total, settledRounds })}\n`,
  );
} finally {
  await browser.close();
  await stop();
}
process.exit(0);
