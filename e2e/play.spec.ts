import { chainClient, latestMarket, settledRounds } from './chain';
import { expect, openDashboard, screenshot, test } from './fixtures';

/** Number of points in a chart's first line, read from the SVG path the page drew. */
async function pathLength(page: import('@playwright/test').Page, chart: string): Promise<number> {
  const d = await page
    .getByTestId(chart)
    .locator('path.recharts-line-curve')
    .first()
    .getAttribute('d');
  return d ? (d.match(/[LC]/g) ?? []).length : 0;
}

test('Play grows the charts and settles rounds on chain', async ({ page }, testInfo) => {
  await openDashboard(page, 'preset=exp1&households=4&days=3&seed=7');
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready');
  await page.getByLabel('Speed').selectOption({ label: '1 day / s' });

  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => pathLength(page, 'chart-battery')).toBeGreaterThan(3);
  const early = await pathLength(page, 'chart-battery');
  await screenshot(page, 'dashboard-playing', testInfo);
  await expect.poll(() => pathLength(page, 'chart-battery')).toBeGreaterThan(early + 5);
  await page.getByRole('button', { name: 'Pause' }).click();

  const simulated = Number(
    await page.getByTestId('rounds-simulated').evaluate((e) => e.firstChild?.textContent),
  );
  expect(simulated).toBeGreaterThan(10);

  // The chain, not the page, says how many rounds were settled.
  const client = chainClient();
  const market = await latestMarket(client);
  expect(market, 'a market registered households').not.toBeNull();
  await expect.poll(() => settledRounds(client, market!), { timeout: 60_000 }).toBe(simulated);
  await expect(page.getByTestId('rounds-confirmed')).toHaveText(String(simulated));
  await expect(page.getByTestId('chain-note')).toContainText(market!, { ignoreCase: true });
  await screenshot(page, 'dashboard-settled', testInfo);
});
