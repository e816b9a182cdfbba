import { readFileSync } from 'node:fs';
import { cli } from '../test/support/cli';
import { chainClient, latestMarket, marketAbi } from '../test/support/chainReads';
import { expect, openDashboard, screenshot, test } from '../test/support/fixtures';
import { installWallet } from '../test/support/injectedWallet';

const HOUSEHOLD = 1;

test('a wallet takes over its household, its order goes on chain and the round clears with it', async ({
  page,
}, testInfo) => {
  const rpcUrl = process.env.E2E_RPC_URL ?? '';
  const address = await installWallet(page, rpcUrl, HOUSEHOLD);
  await openDashboard(page, 'preset=exp3&households=4&days=2&seed=3');
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready');
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step' }).click();

  await page.getByRole('button', { name: 'Connect wallet' }).click();
  await expect(page.getByTestId('wallet-address')).toHaveText(address, { ignoreCase: true });
  await page.getByRole('button', { name: `Take over household ${HOUSEHOLD}` }).click();
  await expect(page.getByTestId('round-status')).toHaveText(/Waiting for the next round/);

  // One round with people: it opens on chain and counts down.
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(page.getByTestId('round-status')).toHaveText(/Round 3 .*open, closes in \d+ s/);
  await expect(page.getByTestId('seat-coins')).toBeVisible();
  await expect(page.getByTestId('seat-suggestion')).toHaveText(/coins per 100 Wh|sitting/);
  await page.getByTestId('order-units').fill('1');
  await screenshot(page, 'participate-open-round', testInfo);
  await page.getByTestId('order-submit').click();

  // Everyone (the one participant) submitted: the round closes without waiting out its 20 s.
  await expect(page.getByTestId('order-result')).toHaveText(/Your (buy|sell) of 100 Wh at \d+/, {
    timeout: 15_000,
  });
  await expect(page.getByTestId('score-table')).toContainText(String(HOUSEHOLD));

  // The order is on chain, from the household's own account, and the round holds it.
  const client = chainClient();
  const market = await latestMarket(client);
  expect(market).not.toBeNull();
  const order = await client.readContract({
    address: market!,
    abi: marketAbi,
    functionName: 'orderOf',
    args: [3n, BigInt(HOUSEHOLD)],
  });
  expect(order.submitted).toBe(true);
  expect(order.amountWh).toBe(100n);

  // The agent again, and the books on chain equal the engine's to the base unit.
  await page.getByTestId('agent-from-now').click();
  await expect(
    page.getByRole('button', { name: `Take over household ${HOUSEHOLD}` }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Play' }).click();
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('reconciled')).toHaveAttribute('data-ok', 'true', {
    timeout: 60_000,
  });

  // The run file records the person's order in its round, and Node replays it to the same books.
  await expect(page.getByTestId('runfile-people')).toContainText('1 order placed by people');
  const hash = await page.getByTestId('books-hash').getAttribute('data-hash');
  expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
  const saved = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save run file' }).click();
  const path = await (await saved).path();
  const file = JSON.parse(readFileSync(path, 'utf8')) as {
    orders: { round: number; household: number; energyWh: number }[];
  };
  expect(file.orders).toHaveLength(1);
  expect(file.orders[0]).toMatchObject({ round: 3, household: HOUSEHOLD, energyWh: 100 });
  const out = await cli(['simulate', '--run', path, '--out', testInfo.outputPath('cli')]);
  expect(out.code, out.stderr).toBe(0);
  expect(out.stdout).toContain(`Books hash (engine): ${hash}`);
});
