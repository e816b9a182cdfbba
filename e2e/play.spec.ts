import type { Page } from '@playwright/test';
import { chainClient, latestMarket, settledRounds } from '../test/support/chainReads';
import { expect, openDashboard, screenshot, test } from '../test/support/fixtures';

const LINE_CHARTS = ['price', 'battery', 'coin', 'money', 'loyalty', 'utility', 'energy', 'print'];

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

test('Play grows every chart and settles rounds on chain', async ({ page }, testInfo) => {
  await openDashboard(page, 'preset=exp1&households=4&days=30&seed=7');
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready');
  await page.getByLabel('Speed').selectOption({ label: '1 day / s' });
  // Before the first round every household chart already shows where the run starts: one dot
  // per line (max, mean, min, the picked household).
  for (const chart of ['battery', 'coin', 'money', 'loyalty']) {
    await expect(page.getByTestId(`chart-${chart}`).locator('circle.series-dot')).toHaveCount(4);
  }

  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => pointsDrawn(page, 'battery')).toBeGreaterThan(3);
  const early = await pointsDrawn(page, 'battery');
  await screenshot(page, 'dashboard-playing', testInfo);
  await expect.poll(() => pointsDrawn(page, 'battery')).toBeGreaterThan(early + 5);
  await page.getByRole('button', { name: 'Pause' }).click();

  const simulated = Number(
    await page.getByTestId('rounds-simulated').evaluate((e) => e.firstChild?.textContent),
  );
  expect(simulated).toBeGreaterThan(10);

  // Every chart drew the run (charts off screen catch up when scrolled to).
  for (const chart of LINE_CHARTS) {
    await page.getByTestId(`chart-${chart}`).scrollIntoViewIfNeeded();
    await expect.poll(() => pointsDrawn(page, chart), { message: chart }).toBeGreaterThan(early);
  }
  await expect(page.getByTestId('chart-price-histogram')).not.toHaveAttribute('data-bars', '0');
  // exp1's loyalty auction prices each pair on its own: no clearing price, and the legend says so.
  await expect(
    page.getByTestId('chart-price').getByRole('listitem').filter({ hasText: 'Clearing price' }),
  ).toContainText('none so far');

  // The chain, not the page, says how many rounds were settled.
  const client = chainClient();
  const market = await latestMarket(client);
  expect(market, 'a market registered households').not.toBeNull();
  await expect.poll(() => settledRounds(client, market!), { timeout: 60_000 }).toBe(simulated);
  await expect(page.getByTestId('rounds-confirmed')).toHaveText(String(simulated));
  await expect(page.getByTestId('chain-note')).toContainText(market!, { ignoreCase: true });
  // After a pause the page compares the chain's books with the engine's: they agree exactly.
  await expect(page.getByTestId('reconciled')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('reconciled')).toHaveAttribute('data-rounds', String(simulated));
  await screenshot(page, 'dashboard-settled', testInfo);
  await page.setViewportSize({ width: 420, height: 900 });
  await screenshot(page, 'dashboard-narrow', testInfo);
});
