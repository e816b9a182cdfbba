import type { Locator, Page } from '@playwright/test';
import {
  createReplay,
  createRun,
  explainRound,
  finishRun,
  resolveScenario,
  type RoundExplanation,
  type ScenarioInput,
} from '../src/engine';
import { chainClient, latestMarket, marketAbi } from '../test/support/chainReads';
import { expect, openDashboard, screenshot, test } from '../test/support/fixtures';

/** The scenario run to its end in Node, every round explained as the worker would. */
function explained(input: ScenarioInput): RoundExplanation[] {
  const scenario = resolveScenario(input);
  const run = finishRun(createRun(scenario));
  const replay = createReplay(scenario, run.changes);
  return Array.from({ length: run.round }, (_, r) =>
    explainRound(scenario, replay.round(r, run.round)),
  );
}

async function playToEnd(page: Page, query: string, rounds: number): Promise<void> {
  await openDashboard(page, query);
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready');
  await page.getByLabel('Speed').selectOption({ label: 'As fast as possible' });
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('rounds-simulated')).toHaveText(`${rounds} / ${rounds}`);
  await expect(page.getByTestId('rounds-confirmed')).toHaveText(String(rounds), {
    timeout: 60_000,
  });
}

async function pickHour(page: Page, round: number): Promise<Locator> {
  await page.getByLabel('Picked hour').fill(String(round));
  await expect(page.getByTestId('picked-hour')).toHaveAttribute('data-round', String(round));
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toHaveAttribute('data-round', String(round));
  await expect(inspector).toHaveAttribute('data-ready', 'true');
  return inspector;
}

/** The y of an SVG step path (M/L pairs of horizontal segments) at pixel x. */
function stepY(d: string, x: number): number {
  const pts = [...d.matchAll(/[ML]([\d.-]+),([\d.-]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  for (let i = 0; i + 1 < pts.length; i += 2) {
    const [x0, y0] = pts[i] as [number, number];
    const [x1] = pts[i + 1] as [number, number];
    if (x >= x0 && x <= x1) return y0;
  }
  return NaN;
}

test('a no-trade hour with buyers waiting says why, in the mechanism’s words', async ({
  page,
}, testInfo) => {
  const input = { preset: 'exp3' as const, seed: 1, days: 6 };
  const rounds = explained(input);
  // A night hour: buyers waiting and no seller at all.
  const lonely = rounds.find(
    (x) => x.trades.length === 0 && x.supply.length === 0 && x.demand.length > 0,
  );
  // And an hour with both sides where nothing traded or some bid was priced out.
  const priced = rounds.find((x) => x.orders.some((o) => o.reason === 'priced-out'));
  expect(lonely && priced).toBeTruthy();

  await playToEnd(page, 'preset=exp3&seed=1&days=6', 144);
  const inspector = await pickHour(page, lonely!.round);
  await expect(inspector.getByTestId('inspector-summary')).toHaveText(lonely!.summary);
  await expect(inspector.getByTestId('inspector-summary')).toContainText('no sellers this hour');
  const buyers = inspector.locator('[data-testid="inspector-orders"] tbody tr[data-side="buy"]');
  await expect(buyers).toHaveCount(lonely!.demand.length);
  for (const row of await buyers.all()) {
    await expect(row.locator('td.why')).toHaveText('no sellers this hour');
    await expect(row).toHaveAttribute('data-status', 'returned');
  }
  await screenshot(page, 'inspector-no-sellers', testInfo);

  // Every order of the priced-out hour reads as the engine explains it in Node.
  await pickHour(page, priced!.round);
  for (const o of priced!.orders) {
    const row = inspector.locator(
      `[data-testid="inspector-orders"] tbody tr[data-household="${o.household}"]`,
    );
    await expect(row.locator('td.why')).toHaveText(o.why);
    await expect(row).toHaveAttribute('data-status', o.status);
  }
  await expect(inspector.locator('tr[data-reason="priced-out"] td.why').first()).toContainText(
    /^priced out: (bid \d+ is under|ask \d+ is over) the marginal midpoint/,
  );
});

test('a trading hour: the curves cross at the shown price, the trades add up, and the chain agrees', async ({
  page,
}, testInfo) => {
  // exp2 is the uniform auction: one clearing price per round.
  const input = { preset: 'exp2' as const, seed: 3, days: 4 };
  const rounds = explained(input);
  const busy = rounds
    .filter((x) => x.trades.length >= 2 && x.clearingPrice !== null)
    .sort((a, b) => b.trades.length - a.trades.length)[0];
  expect(busy).toBeDefined();

  await playToEnd(page, 'preset=exp2&seed=3&days=4', 96);
  const inspector = await pickHour(page, busy!.round);
  const book = inspector.getByTestId('book-chart');
  const price = Number(await book.getAttribute('data-marked-price'));
  const tradedWh = Number(await book.getAttribute('data-marked-wh'));
  expect(price).toBe(busy!.clearingPrice);
  await expect(inspector.getByTestId('inspector-summary')).toContainText(
    `at the clearing price ${price}`,
  );
  await expect(inspector.getByTestId('book-marked')).toContainText(`the clearing price ${price}`);

  // On the page's own data: demand at the traded volume is at or above the price, supply at or
  // below it, so the curves cross there.
  const steps = (s: string) =>
    s.split(',').map((t) => {
      const [span = '', p = ''] = t.split('@');
      const [from = '', to = ''] = span.split('-');
      return { from: Number(from), to: Number(to), price: Number(p) };
    });
  const at = (curve: ReturnType<typeof steps>, wh: number) =>
    curve.find((s) => wh >= s.from && wh < s.to)?.price;
  const demand = steps((await book.getAttribute('data-demand')) ?? '');
  const supply = steps((await book.getAttribute('data-supply')) ?? '');
  expect(at(demand, tradedWh - 1)).toBeGreaterThanOrEqual(price);
  expect(at(supply, tradedWh - 1)).toBeLessThanOrEqual(price);
  // The next unit no longer crosses (or one side has run out).
  const d1 = at(demand, tradedWh);
  const s1 = at(supply, tradedWh);
  expect(d1 === undefined || s1 === undefined || d1 < s1).toBe(true);

  // And in the drawing: just left of the mark the demand step is at or above it, the supply
  // step at or below it (SVG y grows downwards).
  const mark = book.getByTestId('book-mark');
  const cx = Number(await mark.getAttribute('cx'));
  const cy = Number(await mark.getAttribute('cy'));
  const dy = stepY((await book.getByTestId('book-demand').getAttribute('d')) ?? '', cx - 1);
  const sy = stepY((await book.getByTestId('book-supply').getAttribute('d')) ?? '', cx - 1);
  expect(dy).toBeLessThanOrEqual(cy + 0.5);
  expect(sy).toBeGreaterThanOrEqual(cy - 0.5);

  // The trades add up to the traded volume, the page's record of the round and the engine's.
  const whs = await inspector
    .locator('[data-testid="inspector-trades"] tbody tr')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-wh'))));
  expect(whs).toHaveLength(busy!.trades.length);
  expect(whs.reduce((a, b) => a + b, 0)).toBe(tradedWh);
  expect(tradedWh).toBe(busy!.tradedWh);
  await expect(inspector.getByTestId('inspector-recomputed')).toHaveAttribute(
    'data-recorded',
    'true',
  );

  // The settlement transaction: its receipt on chain has the gas shown, and carried this round.
  await expect(inspector.getByTestId('chain-round-state')).toHaveAttribute('data-state', 'settled');
  await expect(inspector.getByTestId('chain-equal')).toHaveAttribute('data-equal', 'true');
  const hash = (await inspector.getByTestId('settle-tx-hash').textContent()) as `0x${string}`;
  const gas = await inspector.getByTestId('settle-tx-gas').getAttribute('data-gas');
  const client = chainClient();
  const receipt = await client.getTransactionReceipt({ hash });
  expect(receipt.gasUsed.toString()).toBe(gas);
  await expect(inspector.getByTestId('settle-tx-block')).toHaveText(String(receipt.blockNumber));
  const market = await latestMarket(client);
  const settled = await client.getContractEvents({
    address: market!,
    abi: marketAbi,
    eventName: 'RoundSettled',
    args: { round: BigInt(busy!.round) },
    fromBlock: 0n,
  });
  expect(settled.map((l) => l.transactionHash)).toEqual([hash]);
  const carried = inspector.getByTestId('settle-tx-carried');
  const inTx = receipt.logs.filter((l) => l.topics[0] === settled[0]?.topics[0]).length;
  await expect(carried).toHaveAttribute('data-rounds', String(inTx));
  // The chain's trades of the round, listed from its events, are the engine's.
  const chainRows = inspector.locator('[data-testid="chain-trades"] tbody tr');
  await expect(chainRows).toHaveCount(busy!.trades.length);
  await screenshot(page, 'inspector-trading-hour', testInfo);
});

test('the continuous auction shows its arrivals in order', async ({ page }) => {
  const input = { preset: 'exp3' as const, seed: 2, days: 3, auction: 'cda' as const };
  const rounds = explained(input);
  const busy = rounds.find((x) => x.trades.length >= 2);
  expect(busy?.arrivals).toBeTruthy();
  await playToEnd(page, 'preset=exp3&seed=2&days=3&auction=cda', 72);
  const inspector = await pickHour(page, busy!.round);
  const items = inspector.getByTestId('inspector-arrivals').locator('li');
  await expect(items).toHaveCount(busy!.arrivals!.length);
  const first = busy!.orders[busy!.arrivals![0]!]!;
  await expect(items.first()).toContainText(`household ${first.household}`);
});
