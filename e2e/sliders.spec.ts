import { chainClient, latestMarket, trades } from '../test/support/chainReads';
import { expect, openDashboard, screenshot, test } from '../test/support/fixtures';

/** Base units per Wh for a price in whole coins per 100 Wh (COIN_DECIMALS = 6). */
const perWh = (coinsPer100Wh: number): bigint => BigInt(coinsPer100Wh * 10_000);

test('sliders change the market from the next round, on the page and on chain', async ({
  page,
}, testInfo) => {
  await openDashboard(page, 'preset=exp1&households=6&days=40&seed=3&auction=uniform');
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready');
  await page.getByLabel('Speed').selectOption({ label: '1 day / s' });
  await page.getByRole('button', { name: 'Play' }).click();
  const client = chainClient();
  await expect.poll(() => latestMarket(client)).not.toBeNull();
  const market = (await latestMarket(client))!;
  const outside = (t: { pricePerWh: bigint }): boolean =>
    t.pricePerWh < perWh(5) || t.pricePerWh > perWh(6);
  // First some trades the new range would forbid, so the check at the end can fail: the night's
  // first hours have no solar energy to trade.
  await expect
    .poll(async () => (await trades(client, market)).some(outside), { timeout: 60_000 })
    .toBe(true);

  const minPrice = page.getByRole('slider', { name: 'Minimum price' });
  const maxPrice = page.getByRole('slider', { name: 'Maximum price' });
  const threshold = page.getByRole('slider', { name: 'Battery threshold' });

  await maxPrice.fill('6');
  await minPrice.fill('5');
  await threshold.fill('0.5');
  await page.getByRole('slider', { name: 'Grid retail price' }).fill('12');
  await page.getByRole('slider', { name: 'Grid feed-in price' }).fill('2.5');
  await expect(page.getByTestId('value-Minimum price')).toHaveText('5 coins / 100 Wh');
  await expect(page.getByTestId('value-Maximum price')).toHaveText('6 coins / 100 Wh');
  await expect(page.getByTestId('value-Battery threshold')).toHaveText('50 %');
  await expect(page.getByTestId('value-Grid retail price')).toHaveText('12 money / 100 Wh');
  await expect(page.getByTestId('value-Grid feed-in price')).toHaveText('2.5 money / 100 Wh');
  const changedAt = Number(await page.getByTestId('in-force').getAttribute('data-round'));

  // The page never lets the minimum pass the maximum, and says why.
  await minPrice.fill('9');
  await expect(
    page.getByRole('note').filter({ hasText: "can't exceed the maximum" }),
  ).toBeVisible();
  await expect(page.getByTestId('value-Minimum price')).toHaveText('6 coins / 100 Wh');
  await minPrice.fill('5');

  // The rounds that follow run with the new values (what the page shows).
  const inForce = page.getByTestId('in-force');
  await expect(inForce).toHaveAttribute('data-price-min', '5');
  await expect(inForce).toHaveAttribute('data-price-max', '6');
  await expect(inForce).toHaveAttribute('data-battery-threshold', '0.5');
  await expect(inForce).toHaveAttribute('data-grid-retail-price', '12');
  await expect(inForce).toHaveAttribute('data-grid-feed-in-price', '2.5');
  await screenshot(page, 'sliders-after-change', testInfo);
  // A uniform auction has a clearing price, so the legend does not call it missing.
  await expect(
    page.getByTestId('chart-price').getByRole('listitem').filter({ hasText: 'Clearing price' }),
  ).not.toContainText('none so far');

  // ... and what the chain records: every trade settled a day after the change is within [5, 6].
  const from = BigInt(changedAt + 24);
  const tradesFrom = async (): Promise<number> =>
    (await trades(client, market)).filter((t) => t.round >= from).length;
  await expect.poll(tradesFrom, { timeout: 90_000 }).toBeGreaterThan(2);
  await page.getByRole('button', { name: 'Pause' }).click();
  const all = await trades(client, market);
  for (const t of all.filter((t) => t.round >= from)) {
    expect(t.pricePerWh).toBeGreaterThanOrEqual(perWh(5));
    expect(t.pricePerWh).toBeLessThanOrEqual(perWh(6));
  }
  // Before the change the wider default range was in use, so the check above can fail.
  expect(all.filter((t) => t.round < BigInt(changedAt)).some(outside)).toBe(true);
  // The grid's new prices reached the chain's money books too: they equal the engine's.
  await expect(page.getByTestId('reconciled')).toHaveAttribute('data-ok', 'true', {
    timeout: 60_000,
  });
});
