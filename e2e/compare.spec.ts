import type { Page } from '@playwright/test';
import { comparisonScenarios, compareToEnd } from '../src/engine';
import type { MechanismName } from '../src/engine';
import { chainClient, latestMarket } from '../test/support/chainReads';
import { expect, openDashboard, screenshot, test } from '../test/support/fixtures';

// Three days: windows of up to three days draw every hour (wider ones daily means, figures.spec.ts).
const SCENARIO = { preset: 'exp3' as const, seed: 5, days: 3, households: 6 };
const PICKED: MechanismName[] = ['uniform', 'loyalty', 'cda'];

/** Points of each line a comparison chart drew, read from the SVG paths on the page. */
async function linePoints(page: Page, chart: string): Promise<number[]> {
  const paths = await page.getByTestId(`compare-chart-${chart}`).locator('path.series-line').all();
  const out: number[] = [];
  for (const p of paths) out.push(((await p.getAttribute('d')) ?? '').match(/[LC]/g)?.length ?? 0);
  return out;
}

const fewest = async (page: Page, chart: string): Promise<number> => {
  const pts = await linePoints(page, chart);
  return pts.length === PICKED.length ? Math.min(...pts) : 0;
};

test('the comparison view plays several mechanisms on one seed, overlaid, with the engine’s table', async ({
  page,
}, testInfo) => {
  const { preset, seed, days, households } = SCENARIO;
  await openDashboard(page, `preset=${preset}&seed=${seed}&days=${days}&households=${households}`);
  await page.getByRole('tab', { name: 'Compare mechanisms' }).click();

  // The dashboard's scenario carries over; the view starts with two call auctions picked.
  await expect(page.getByLabel('Seed')).toHaveValue(String(seed));
  await expect(page.getByRole('checkbox', { name: 'uniform' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'loyalty' })).toBeChecked();
  await page.getByRole('checkbox', { name: 'cda' }).check();
  await expect(page.getByTestId('compare-engine-only')).toContainText('on chain');
  await page.getByLabel('Speed').selectOption({ label: '1 day / s' });
  await page.getByRole('button', { name: 'Play' }).click();

  // One line per mechanism in every chart, and the lines grow.
  await expect.poll(() => fewest(page, 'traded')).toBeGreaterThan(3);
  const early = await fewest(page, 'traded');
  await screenshot(page, 'compare-playing', testInfo);
  await expect.poll(() => fewest(page, 'traded')).toBeGreaterThan(early + 5);
  for (const chart of ['price', 'grid-import', 'money', 'utility']) {
    await expect.poll(() => linePoints(page, chart), { message: chart }).toHaveLength(3);
  }
  // A link reproduces the comparison.
  expect(new URL(page.url()).searchParams.get('auctions')).toBe(PICKED.join(','));
  expect(new URL(page.url()).searchParams.get('view')).toBe('compare');

  // Run to the end; the table then holds the whole run, a row per mechanism.
  const hours = days * 24;
  await expect(page.getByTestId('compare-table').locator('caption')).toContainText(
    `after ${hours} of ${hours} hours`,
    { timeout: 60_000 },
  );
  const rows = page.getByTestId('compare-table').locator('tbody tr');
  await expect(rows).toHaveCount(PICKED.length);

  // The page's figures are the engine's: the same run computed here, in Node.
  const expected = compareToEnd(comparisonScenarios(SCENARIO, PICKED));
  for (const want of expected) {
    const row = page.getByTestId(`compare-row-${want.mechanism}`);
    const value = async (key: string): Promise<string | null> =>
      row.locator(`[data-key="${key}"]`).getAttribute('data-value');
    expect(Number(await value('tradedKWh')), want.mechanism).toBe(want.tradedKWh);
    expect(Number(await value('gridImportKWh')), want.mechanism).toBe(want.gridImportKWh);
    expect(Number(await value('thesisSolarPrint')), want.mechanism).toBe(want.thesisSolarPrint);
    expect(Number(await value('totalSurplus')), want.mechanism).toBe(want.totalSurplus);
    expect(await value('giniCoins'), want.mechanism).toBe(
      want.giniCoins === null ? '' : String(want.giniCoins),
    );
    await expect(row.locator('[data-key="tradedKWh"]')).toHaveText(want.tradedKWh.toFixed(1));
  }
  // Same households and weather, different markets.
  expect(new Set(expected.map((r) => r.consumedKWh)).size).toBe(1);
  expect(new Set(expected.map((r) => `${r.tradedKWh}/${r.meanPrice}`)).size).toBeGreaterThan(1);
  await screenshot(page, 'compare-done', testInfo);

  // Every control of the view has an accessible name, also at a phone's width.
  await page.setViewportSize({ width: 390, height: 900 });
  const controls = await page.locator('main').locator('button, input, select').all();
  expect(controls.length).toBeGreaterThan(10);
  for (const control of controls) await expect(control).toHaveAccessibleName(/\S/);
  await screenshot(page, 'compare-narrow', testInfo);

  // A bad value is refused as typed, naming the field, and Play waits until it is corrected.
  await page.getByLabel('Days').fill('0');
  await expect(page.getByRole('alert')).toContainText('days');
  await expect(page.getByRole('button', { name: 'Play' })).toBeDisabled();
});

test('a link straight to the comparison opens no market until the dashboard shows', async ({
  page,
}) => {
  const client = chainClient();
  const before = await latestMarket(client);
  await page.goto(`${process.env.E2E_BASE_URL}/?view=compare&preset=exp1&households=3&days=2`);
  await expect(page.getByRole('tab', { name: 'Compare mechanisms' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
  // The dashboard opens its market within a second of booting; give it three to be sure it won't.
  await page.waitForTimeout(3000);
  expect(await latestMarket(client)).toBe(before);

  await page.getByRole('tab', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready');
  await expect.poll(() => latestMarket(client)).not.toBe(before);
  await expect(page.getByTestId('rounds-simulated').locator('.of')).toContainText('48');
});
