import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, openDashboard, test } from '../test/support/fixtures';

/** Rounds the page says it has simulated. */
async function simulated(page: Page): Promise<number> {
  return Number(
    await page.getByTestId('rounds-simulated').evaluate((e) => e.firstChild?.textContent),
  );
}

/** Points in the longest line a chart drew, read from the SVG paths on the page. */
async function pointsDrawn(page: Page, chart: string): Promise<number> {
  const paths = await page.getByTestId(`chart-${chart}`).locator('path.series-line').all();
  let most = 0;
  for (const p of paths) {
    const d = (await p.getAttribute('d')) ?? '';
    most = Math.max(most, (d.match(/[LC]/g) ?? []).length);
  }
  return most;
}

// Issue 16: a 1,000-household neighbourhood plays a simulated week and the page keeps answering.
// (How long its main-thread tasks are is measured by `npm run bench`, not asserted here.)
test('1,000 households play a week: the charts grow and Pause takes effect within a second', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openDashboard(page, 'preset=exp3&households=1000&days=7&seed=3');
  await expect(page.getByTestId('rounds-simulated').locator('.of')).toContainText('168');
  await page.getByLabel('Speed').selectOption({ label: '4 hours / s' });
  await page.getByRole('button', { name: 'Play' }).click();

  await expect.poll(() => pointsDrawn(page, 'battery'), { timeout: 30_000 }).toBeGreaterThan(5);
  const early = await pointsDrawn(page, 'battery');
  await expect
    .poll(() => pointsDrawn(page, 'battery'), { timeout: 30_000 })
    .toBeGreaterThan(early + 10);
  expect(await simulated(page), 'still playing').toBeLessThan(168);

  // Pause while it plays: within a second the button says Play again and the count stops.
  const pressed = Date.now();
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible({
    timeout: 1_000,
  });
  await page.waitForTimeout(Math.max(0, 1_000 - (Date.now() - pressed)));
  const stopped = await simulated(page);
  await page.waitForTimeout(1_500);
  expect(await simulated(page), 'no round simulated a second after Pause').toBe(stopped);

  // Play on to the end of the week: every line chart drew it.
  await page.getByLabel('Speed').selectOption('0');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => simulated(page), { timeout: 60_000 }).toBe(168);
  for (const chart of ['price', 'battery', 'coin', 'energy']) {
    await page.getByTestId(`chart-${chart}`).scrollIntoViewIfNeeded();
    await expect
      .poll(() => pointsDrawn(page, chart), { message: chart, timeout: 10_000 })
      .toBeGreaterThan(early + 10);
  }

  // "Draw every household" at 1,000: bands (min to max, 10th to 90th percentile) and the median,
  // not 1,000 lines, on the page and in the exported figure.
  await page.getByLabel('Draw every household').check();
  await expect(page.getByTestId('every-household-bands')).toBeVisible();
  const battery = page.getByTestId('chart-battery');
  await battery.scrollIntoViewIfNeeded();
  for (const band of ['band-range', 'band-p10-p90'])
    await expect(battery.locator(`path.series-band[data-series="${band}"]`)).toHaveCount(1);
  await expect(battery.locator('path.series-line[data-series="median"]')).toHaveCount(1);
  expect(await battery.locator('path.series-line').count(), 'no line per household').toBeLessThan(
    10,
  );
  // The band spans the week drawn so far: a point per drawn row along each of its two edges.
  const d =
    (await battery.locator('path.series-band[data-series="band-p10-p90"]').getAttribute('d')) ?? '';
  expect(d.match(/L/g)?.length ?? 0).toBeGreaterThan(2 * (early + 10));
  const svgDownload = page.waitForEvent('download');
  await battery.getByRole('button', { name: /as SVG$/ }).click();
  const svg = readFileSync(await (await svgDownload).path(), 'utf8');
  expect(svg).toMatch(/<path class="band" data-series="band-range" d="M[^"]+Z"/);
  expect(svg).toMatch(/<path class="band" data-series="band-p10-p90" d="M[^"]+Z"/);
  expect(svg).toMatch(/<path class="line" data-series="median"/);
  expect(svg).toContain('10th to 90th percentile');
  expect(svg).not.toMatch(/data-series="h\d+"/);
});
