import { chainClient, latestMarket, settledRounds } from '../test/support/chainReads';
import { expect, openDashboard, screenshot, test } from '../test/support/fixtures';

test('the chain’s work: transactions with their gas, gas per trade, the lag, and every market opened', async ({
  page,
}, testInfo) => {
  await openDashboard(page, 'preset=exp2&households=6&days=30&seed=2');
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready');
  await page.getByLabel('Speed').selectOption({ label: '1 day / s' });
  await page.getByRole('button', { name: 'Play' }).click();
  await expect
    .poll(async () => Number(await page.getByTestId('rounds-confirmed').textContent()))
    .toBeGreaterThan(30);
  await page.getByRole('button', { name: 'Pause' }).click();
  const simulated = Number(
    await page.getByTestId('rounds-simulated').evaluate((e) => e.firstChild?.textContent),
  );
  await expect(page.getByTestId('rounds-confirmed')).toHaveText(String(simulated));

  const panel = page.getByTestId('chain-work');
  await panel.scrollIntoViewIfNeeded();
  await panel.getByRole('button', { name: 'Read again from the chain' }).click();
  await expect(panel.getByTestId('chain-lag-rounds')).toHaveAttribute('data-rounds', '0');
  // The lag bound for 6 households: 240,000 household-rounds, 40,000 rounds; not reached.
  await expect(panel.getByTestId('chain-lag-bound')).toHaveAttribute('data-max-behind', '40000');
  await expect(panel.getByTestId('chain-lag-bound')).toContainText('40000 rounds');
  await expect(panel.getByTestId('chain-lag-rounds')).toHaveAttribute('data-held', 'false');
  const rows = panel.getByTestId('chain-tx-list').locator('tbody tr');
  const transactions = Number(await panel.getByTestId('chain-transactions').textContent());
  expect(transactions).toBeGreaterThan(1);
  // How many transactions the batcher sends depends on how fast the machine is; the list keeps
  // the newest 50 and its heading says so when there are more.
  const listed = Math.min(transactions, 50);
  await expect(rows).toHaveCount(listed);
  await expect(panel.getByTestId('chain-tx-heading')).toContainText(
    transactions > listed ? `(${transactions}, the last ${listed})` : `(${transactions})`,
  );
  // Every listed transaction's gas is its receipt's.
  const client = chainClient();
  for (const row of await rows.all()) {
    const hash = (await row.getAttribute('data-hash')) as `0x${string}`;
    const receipt = await client.getTransactionReceipt({ hash });
    expect(await row.getAttribute('data-gas')).toBe(receipt.gasUsed.toString());
  }
  await expect(panel.getByTestId('gas-per-trade-run')).not.toHaveText('–');

  // Reset opens a fresh market: both are listed, the old one keeps what it settled.
  const first = await latestMarket(client);
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('chain-note')).toContainText(
    'market 2 opened since the page loaded',
  );
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(page.getByTestId('rounds-confirmed')).toHaveText('1');
  await panel.getByRole('button', { name: 'Read again from the chain' }).click();
  const markets = panel.getByTestId('chain-markets').locator('tbody tr');
  await expect(markets).toHaveCount(2);
  const old = markets.nth(0);
  expect((await old.getAttribute('data-market'))?.toLowerCase()).toBe(first?.toLowerCase());
  await expect(old).toHaveAttribute('data-current', 'false');
  await expect(old).toHaveAttribute('data-settled', String(await settledRounds(client, first!)));
  await expect(old).toHaveAttribute('data-settled', String(simulated));
  await expect(markets.nth(1)).toHaveAttribute('data-current', 'true');
  await expect(markets.nth(1)).toHaveAttribute('data-settled', '1');
  await screenshot(page, 'chain-work', testInfo);
});
