import { chainClient, latestMarket, settledRounds } from '../test/support/chainReads';
import { expect, openDashboard, test } from '../test/support/fixtures';

test('Step simulates one hour; Reset starts over with fresh books on chain', async ({ page }) => {
  await openDashboard(page, 'preset=exp1&households=3&days=2&seed=6');
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready');
  const step = page.getByRole('button', { name: 'Step' });
  for (let i = 1; i <= 3; i++) {
    await step.click();
    await expect(page.getByTestId('rounds-simulated')).toHaveText(`${i} / 48`);
  }
  await expect(page.getByTestId('hour')).toHaveText('02:00');
  await expect(page.getByTestId('rounds-confirmed')).toHaveText('3');
  const client = chainClient();
  const first = await latestMarket(client);
  expect(await settledRounds(client, first!)).toBe(3);

  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('rounds-simulated')).toHaveText('0 / 48');
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready');
  await step.click();
  await expect(page.getByTestId('rounds-confirmed')).toHaveText('1');
  const second = await latestMarket(client);
  expect(second).not.toBe(first);
  expect(await settledRounds(client, second!)).toBe(1);
  expect(await settledRounds(client, first!)).toBe(3);
});
