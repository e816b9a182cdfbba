import type { Locator } from '@playwright/test';
import { createRun, finishRun, resolveScenario, type RoundResult } from '../src/engine';
import { chainClient, latestMarket, marketAbi } from '../test/support/chainReads';
import { expect, openDashboard, screenshot, test } from '../test/support/fixtures';
import { installWallet } from '../test/support/injectedWallet';

const QUERY = 'preset=exp2&households=8&days=6&seed=11';
const SCENARIO = { preset: 'exp2' as const, households: 8, days: 6, seed: 11 };

/** The household that trades most in the scenario (run in Node): its list is the longest. */
function busiest(): number {
  const run = createRun(resolveScenario(SCENARIO));
  const counts = new Map<number, number>();
  const rounds: RoundResult[] = [];
  while (!run.done) rounds.push(run.step());
  finishRun(run);
  for (const t of rounds.flatMap((r) => r.trades)) {
    counts.set(t.buyer, (counts.get(t.buyer) ?? 0) + 1);
    counts.set(t.seller, (counts.get(t.seller) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/** The household's trades from the market's Trade events, read here in Node. */
async function tradesOnChain(household: number) {
  const client = chainClient();
  const market = await latestMarket(client);
  const logs = await client.getContractEvents({
    address: market!,
    abi: marketAbi,
    eventName: 'Trade',
    fromBlock: 0n,
  });
  const me = BigInt(household);
  return logs
    .filter((l) => l.args.buyer === me || l.args.seller === me)
    .map((l) => {
      const bought = l.args.buyer === me;
      return {
        round: String(l.args.round),
        side: bought ? 'buy' : 'sell',
        counterparty: String(bought ? l.args.seller : l.args.buyer),
        wh: String(l.args.energyWh),
        price: String(bought ? l.args.buyerPricePerWh : l.args.pricePerWh),
      };
    })
    .reverse();
}

async function listed(table: Locator) {
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => ({
      round: r.getAttribute('data-round'),
      side: r.getAttribute('data-side'),
      counterparty: r.getAttribute('data-counterparty'),
      wh: r.getAttribute('data-wh'),
      price: r.getAttribute('data-price-per-wh'),
    })),
  );
}

async function playToEnd(page: import('@playwright/test').Page) {
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready');
  await page.getByLabel('Speed').selectOption({ label: 'As fast as possible' });
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('rounds-simulated')).toHaveText('144 / 144');
  await expect(page.getByTestId('rounds-confirmed')).toHaveText('144', { timeout: 60_000 });
}

test('the connected household is highlighted everywhere and its trade list equals its events on chain', async ({
  page,
}, testInfo) => {
  const household = busiest();
  const rpcUrl = process.env.E2E_RPC_URL ?? '';
  const address = await installWallet(page, rpcUrl, household);
  await openDashboard(page, QUERY);
  await playToEnd(page);

  await page.getByRole('button', { name: 'Connect wallet' }).click();
  await expect(page.getByTestId('wallet-address')).toHaveText(address, { ignoreCase: true });
  const view = page.getByRole('region', { name: `Your household: ${household}` });
  await expect(view).toBeVisible();

  // Highlighted everywhere: the picker, every household chart, the household page.
  await expect(page.getByLabel('Highlighted household')).toHaveValue(String(household));
  await expect(page.getByTestId('chart-coin').getByText(`Household ${household}`)).toBeVisible();
  await expect(page.getByLabel('Open household')).toHaveValue(String(household));

  const want = await tradesOnChain(household);
  expect(want.length).toBeGreaterThan(3);
  const table = view.getByTestId('household-trades');
  await expect(table).toHaveAttribute('data-count', String(want.length));
  expect(await listed(table)).toEqual(want);
  // Counterparty, day and hour in words.
  const first = want[0]!;
  const round = Number(first.round);
  await expect(table.locator('tbody tr').first()).toContainText(
    `day ${Math.floor(round / 24) + 1}, ${String(round % 24).padStart(2, '0')}:00`,
  );
  await expect(table.locator('tbody tr').first()).toContainText(`household ${first.counterparty}`);
  // A trade's hour opens in the round inspector, where that trade is listed.
  await table.locator('tbody tr').first().getByRole('button').click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-round', first.round);
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-ready', 'true');
  // The households table is drawn once its section is opened.
  await page.getByTestId('inspector').locator('summary', { hasText: 'Households' }).click();
  await expect(
    page.locator('[data-testid="inspector-households"] tr.selected td').first(),
  ).toHaveText(new RegExp(`^${household}`));
  await screenshot(page, 'household-connected', testInfo);
});

test('any household opens read-only without a wallet, its trades from the chain', async ({
  page,
}) => {
  await openDashboard(page, QUERY);
  await playToEnd(page);
  await page.getByLabel('Open household').selectOption('1');
  const view = page.getByRole('region', { name: 'Household 1 on chain (read-only)' });
  await expect(view).toBeVisible();
  await expect(page.getByLabel('Highlighted household')).toHaveValue('1');
  const want = await tradesOnChain(1);
  const table = view.getByTestId('household-trades');
  if (want.length === 0) {
    await expect(view).toContainText('No trades settled for this household yet.');
  } else {
    await expect(table).toHaveAttribute('data-count', String(want.length));
    expect(await listed(table)).toEqual(want);
  }
});
