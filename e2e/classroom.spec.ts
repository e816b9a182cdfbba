import type { Browser, Page } from '@playwright/test';
import { chainClient, coinAbi, latestMarket, marketAbi } from '../test/support/chainReads';
import { expect, openDashboard, screenshot, test } from '../test/support/fixtures';
import { installWallet } from '../test/support/injectedWallet';

// Household 10 is past Anvil's default ten accounts: it pays gas only because the stack funds
// CLASS_ACCOUNTS. Index 500 is a funded dev account that owns no household of this run.
const A = 10;
const B = 3;
const STRANGER = 500;
// The host's own household: its page takes it over from its wallet, as a participant does.
const HOST = 7;

/** A participant's own browser context with a wallet for `household`, on the join link. */
async function participant(browser: Browser, link: string, household: number) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const address = await installWallet(page, process.env.E2E_RPC_URL ?? '', household);
  await page.goto(link);
  await page.getByRole('button', { name: 'Connect wallet' }).click();
  await expect(page.getByTestId('wallet-address')).toHaveText(address, { ignoreCase: true });
  return { context, page, address, errors };
}

async function order(page: Page, side: 'buy' | 'sell'): Promise<void> {
  await page.getByTestId('order-side').selectOption(side);
  await page.getByTestId('order-units').fill('1');
  await page.getByTestId('order-submit').click();
}

test('two participants join from the link, order in the same round, and are refused in words when late or not owners', async ({
  page: host,
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  await installWallet(host, process.env.E2E_RPC_URL ?? '', HOST);
  await openDashboard(host, 'preset=exp3&households=12&days=2&seed=5');
  await expect(host.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready');
  for (let i = 0; i < 3; i++) await host.getByRole('button', { name: 'Step' }).click();
  const link = await host.getByTestId('join-link').getAttribute('href');
  expect(link).toMatch(/\?join=0x[0-9a-fA-F]{40}&rpc=http.*&chain=31337$/);
  await host.getByTestId('round-seconds').fill('8');
  await host.getByTestId('round-seconds').blur();

  const a = await participant(browser, link!, A);
  const b = await participant(browser, link!, B);
  // The host's take-over is a transaction too: a participant's page sees household 7 taken at
  // once, not only when a round opens, and free again once the host hands it back.
  const freeHost = new RegExp(`(^|,)${HOST}(,|$)`);
  await expect(a.page.getByTestId('free-households')).toHaveAttribute('data-free', freeHost);
  await host.getByRole('button', { name: 'Connect wallet' }).click();
  await host.getByRole('button', { name: `Take over household ${HOST}` }).click();
  await expect(host.getByTestId('take-note')).toHaveText(/You took household 7 on chain/);
  await expect(a.page.getByTestId('free-households')).not.toHaveAttribute('data-free', freeHost);
  await expect(host.getByTestId('participant-count')).toHaveText(/^1 household/);
  await host.getByTestId('agent-from-now').click();
  await expect(a.page.getByTestId('free-households')).toHaveAttribute('data-free', freeHost);
  await expect(host.getByTestId('participant-count')).toHaveText(/^0 household/);
  for (const [p, n] of [
    [a, A],
    [b, B],
  ] as const) {
    await expect(p.page.getByRole('heading', { name: `Your household: ${n}` })).toBeVisible();
    await expect(p.page.getByTestId('free-households')).toHaveAttribute(
      'data-free',
      new RegExp(`(^|,)${n}(,|$)`),
    );
    await p.page.getByTestId('take').click();
    await expect(p.page.getByTestId('release')).toBeVisible();
  }
  // The host's worker learns of both from the chain's HouseholdTaken events alone.
  await expect(host.getByTestId('participant-count')).toHaveText(/^2 household/);
  await expect(a.page.getByTestId('free-households')).not.toHaveAttribute(
    'data-free',
    new RegExp(`(^|,)(${A}|${B})(,|$)`),
  );

  // Round 3 opens with a seat for each; both order from their own wallets in it.
  await host.getByRole('button', { name: 'Step' }).click();
  for (const p of [a, b]) {
    await expect(p.page.getByTestId('live-round')).toHaveText(/round 3 is open, closes in \d+ s/);
  }
  await order(a.page, 'buy');
  await order(b.page, 'buy');
  for (const p of [a, b]) {
    await expect(p.page.getByTestId('order-note')).toHaveText(/Order placed on chain/);
  }
  await screenshot(a.page, 'classroom-participant-ordered', testInfo);
  // Everyone submitted: the round closes without its 8 s and both orders are in its result.
  for (const p of [a, b]) {
    await expect(p.page.getByTestId('live-round')).toHaveText(/round 3 is closed/, {
      timeout: 15_000,
    });
    await expect(p.page.getByTestId('result-orders')).toContainText(`household ${A} bids to buy`);
    await expect(p.page.getByTestId('result-orders')).toContainText(`household ${B} bids to buy`);
  }
  // The engine cleared round 3 with them as people's orders (the host's participants table).
  await expect(host.getByTestId('score-table')).toContainText(String(A));
  await expect(host.getByTestId('score-table')).toContainText(String(B));

  const client = chainClient();
  const market = (await latestMarket(client))!;
  for (const n of [A, B]) {
    const o = await client.readContract({
      address: market,
      abi: marketAbi,
      functionName: 'orderOf',
      args: [3n, BigInt(n)],
    });
    expect(o.submitted).toBe(true);
    expect(o.amountWh).toBe(100n);
  }

  // Round 4: nobody orders in time. A stranger's order is refused while it is open, and A's
  // once it closed: each reads why, with the contract's error name.
  await host.getByRole('button', { name: 'Step' }).click();
  await expect(a.page.getByTestId('live-round')).toHaveText(/round 4 is open/);
  const stranger = await participant(browser, link!, STRANGER);
  await expect(stranger.page.getByTestId('not-a-household')).toBeVisible();
  await order(stranger.page, 'buy');
  await expect(stranger.page.getByTestId('order-note')).toHaveText(
    /refused the order \(NotAHousehold\): account 0x[0-9a-fA-F]{40} is not the registered account of any household/,
  );
  await expect(a.page.getByTestId('live-round')).toHaveText(/round 4 is closed/, {
    timeout: 20_000,
  });
  await order(a.page, 'buy');
  await expect(a.page.getByTestId('order-note')).toHaveText(
    /refused the order \(RoundAlreadyClosed\): too late: round 4 is closed/,
  );
  await screenshot(a.page, 'classroom-late-order', testInfo);

  // The score after round 4 (5 rounds): each page's own money plus coins is the chain's books,
  // and both its figures are the host's row for that household (the engine's, and its replay of
  // the run without people on the same seed).
  const coin = await client.readContract({ address: market, abi: marketAbi, functionName: 'coin' });
  for (const [p, n] of [
    [a, A],
    [b, B],
  ] as const) {
    const score = p.page.getByTestId('my-score');
    await expect(score).toHaveAttribute('data-rounds', '5', { timeout: 20_000 });
    await expect(score).toHaveAttribute('data-settled', 'true', { timeout: 20_000 });
    const h = await client.readContract({
      address: market,
      abi: marketAbi,
      functionName: 'household',
      args: [BigInt(n)],
    });
    const balance = await client.readContract({
      address: coin,
      abi: coinAbi,
      functionName: 'balanceOf',
      args: [h.account],
    });
    const worth = String(h.moneyBalance + balance);
    await expect(p.page.getByTestId('score-you')).toHaveAttribute('data-base-units', worth);
    await expect(p.page.getByTestId('score-disagrees')).toHaveCount(0);
    const row = host.locator(`[data-testid="score-table"] tr[data-household="${n}"]`);
    await expect(row).toHaveAttribute('data-you', worth);
    const agent = await row.getAttribute('data-agent');
    await expect(p.page.getByTestId('score-agent')).toHaveAttribute('data-base-units', agent!);
    await expect(p.page.getByTestId('score-difference')).toHaveAttribute(
      'data-base-units',
      String(BigInt(worth) - BigInt(agent!)),
    );
  }
  await expect(host.locator('[data-testid="score-table"] tbody tr')).toHaveCount(2);
  await screenshot(a.page, 'classroom-score', testInfo);

  // Both hand back to their agents; the run goes on and the books on chain equal the engine's.
  for (const p of [a, b]) {
    await p.page.getByTestId('release').click();
    await expect(p.page.getByTestId('take')).toBeVisible();
  }
  await expect(host.getByTestId('participant-count')).toHaveText(/^0 household/);
  await host.getByRole('button', { name: 'Play' }).click();
  await host.getByRole('button', { name: 'Pause' }).click();
  await expect(host.getByTestId('reconciled')).toHaveAttribute('data-ok', 'true', {
    timeout: 60_000,
  });
  // And each participant's page shows its household's books as the chain holds them.
  for (const [p, n] of [
    [a, A],
    [b, B],
  ] as const) {
    const h = await client.readContract({
      address: market,
      abi: marketAbi,
      functionName: 'household',
      args: [BigInt(n)],
    });
    await expect(p.page.getByTestId('my-money')).toHaveAttribute(
      'data-base-units',
      String(h.moneyBalance),
      { timeout: 15_000 },
    );
  }
  for (const p of [a, b, stranger]) {
    expect(p.errors).toEqual([]);
    await p.context.close();
  }
});
