/**
 * The steps every page bench takes to play a run: wait until the worker has resolved the
 * scenario (the status bar shows the run's total hours), then Play at full speed and wait for
 * the last hour. One place, so the page and inspector benches measure the same play.
 */
import type { Page } from '@playwright/test';

// The callbacks run in the page; this file is type-checked without the DOM lib.
interface StatusGlobals {
  document: {
    querySelector(
      s: string,
    ): { textContent: string | null; firstChild: { textContent: string | null } | null } | null;
  };
}

/** The run's total hours, once the worker has resolved the scenario. */
export async function runTotal(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const t =
        (globalThis as unknown as StatusGlobals).document.querySelector(
          '[data-testid="rounds-simulated"] .of',
        )?.textContent ?? '';
      const n = Number(t.replace(/\D/g, ''));
      return n > 0 ? n : false;
    },
    undefined,
    { timeout: 60_000 },
  );
  return Number(await handle.jsonValue());
}

/**
 * Presses Play at full speed and waits until `total` hours are simulated; returns when Play was
 * pressed (Date.now(), for later waits timed from it) and the wall ms until the last hour.
 */
export async function playToEnd(
  page: Page,
  total: number,
  wait: { timeout: number; polling: number },
): Promise<{ startedAt: number; ms: number }> {
  await page.getByLabel('Speed').selectOption('0');
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction(
    (n) =>
      (globalThis as unknown as StatusGlobals).document.querySelector(
        '[data-testid="rounds-simulated"]',
      )?.firstChild?.textContent === String(n),
    total,
    wait,
  );
  return { startedAt: t0, ms: Date.now() - t0 };
}
