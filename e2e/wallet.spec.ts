import { chainClient, coinAbi, latestMarket, marketAbi } from '../test/support/chainReads';
import { expect, openDashboard, screenshot, test } from '../test/support/fixtures';
import { installWallet } from '../test/support/injectedWallet';

const HOUSEHOLD = 2;

test('an EIP-6963 wallet holding a household key sees that household read from the chain', async ({
  page,
}, testInfo) => {
  const rpcUrl = process.env.E2E_RPC_URL ?? '';
  // The wallet starts on mainnet, as a fresh MetaMask does; the page must get it onto Anvil.
  const address = await installWallet(page, rpcUrl, HOUSEHOLD, 1);
  await openDashboard(page, 'preset=exp1&households=4&days=20&seed=11');
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready');
  await page.getByLabel('Speed').selectOption({ label: '1 day / s' });
  await page.getByRole('button', { name: 'Play' }).click();
  await expect
    .poll(async () => Number(await page.getByTestId('rounds-confirmed').textContent()))
    .toBeGreaterThan(20);
  await page.getByRole('button', { name: 'Pause' }).click();

  await page.getByRole('button', { name: 'Connect wallet' }).click();
  await expect(page.getByTestId('wallet-address')).toHaveText(address, { ignoreCase: true });
  const switchButton = page.getByRole('button', { name: 'Switch to the local chain' });
  await switchButton.click();
  await expect(switchButton).toBeHidden();
  const view = page.getByRole('region', { name: `Your household: ${HOUSEHOLD}` });
  await expect(view).toBeVisible();

  // Once settlement has caught up, the panel's coin balance equals balanceOf on chain.
  const client = chainClient();
  const market = await latestMarket(client);
  expect(market).not.toBeNull();
  const coin = await client.readContract({
    address: market!,
    abi: marketAbi,
    functionName: 'coin',
  });
  const simulated = await page
    .getByTestId('rounds-simulated')
    .evaluate((e) => e.firstChild?.textContent);
  await expect(page.getByTestId('rounds-confirmed')).toHaveText(simulated ?? '');
  const onChain = await client.readContract({
    address: coin,
    abi: coinAbi,
    functionName: 'balanceOf',
    args: [address],
  });
  await expect(view.getByTestId('chain-coin-balance')).toHaveAttribute(
    'data-base-units',
    onChain.toString(),
  );

  // The wallet signs with the household's key, and the page verifies it.
  await page.getByRole('button', { name: 'Verify ownership' }).click();
  await expect(page.getByTestId('ownership-verdict')).toHaveText(/holds the household key/);
  await screenshot(page, 'wallet-connected', testInfo);
});

test('any other account gets a note, and any household opens read-only', async ({ page }) => {
  const rpcUrl = process.env.E2E_RPC_URL ?? '';
  // HD index 21 is a dev account, but not one of this run's 3 households.
  await installWallet(page, rpcUrl, 20);
  await openDashboard(page, 'preset=exp1&households=3&days=20&seed=5');
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready');
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(page.getByTestId('rounds-confirmed')).toHaveText('1');

  await page.getByRole('button', { name: 'Connect wallet' }).click();
  await expect(page.getByText('This account is not one of the market')).toBeVisible();
  await page.getByLabel('Open household').selectOption('1');
  const view = page.getByRole('region', { name: 'Household 1 on chain (read-only)' });

  const client = chainClient();
  const market = await latestMarket(client);
  expect(market).not.toBeNull();
  const coin = await client.readContract({
    address: market!,
    abi: marketAbi,
    functionName: 'coin',
  });
  const books = await client.readContract({
    address: market!,
    abi: marketAbi,
    functionName: 'household',
    args: [1n],
  });
  const onChain = await client.readContract({
    address: coin,
    abi: coinAbi,
    functionName: 'balanceOf',
    args: [books.account],
  });
  await expect(view.getByTestId('chain-coin-balance')).toHaveAttribute(
    'data-base-units',
    onChain.toString(),
  );

  // The guide asks the wallet to track the coin (wallet_watchAsset).
  await page.getByRole('button', { name: 'Add coin to wallet' }).click();
  await expect
    .poll(async () => {
      const watched = await page.evaluate(() =>
        JSON.stringify(
          (globalThis as unknown as { __e2eWatchedAssets: unknown[] }).__e2eWatchedAssets,
        ),
      );
      return watched.toLowerCase();
    })
    .toContain(`"address":"${coin.toLowerCase()}"`);
});
