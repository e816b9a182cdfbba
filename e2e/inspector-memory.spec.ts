import type { Page } from '@playwright/test';
import {
  createReplay,
  createRun,
  explainRound,
  finishRun,
  resolveScenario,
  type ScenarioInput,
} from '../src/engine';
import { expect, openDashboard, test } from '../test/support/fixtures';

/**
 * The inspector keeps no books: the worker recomputes a round by replay from the run's change log
 * (src/engine/replay.ts), so any past round of a long or a large run opens, far jumps back replay
 * from the start, and the next hours of a day cost a step each. Each answer is checked against
 * the same round explained here in Node.
 */

/** The summaries of the given rounds, explained in Node as the worker would. */
function summaries(input: ScenarioInput, rounds: readonly number[]): Map<number, string> {
  const scenario = resolveScenario(input);
  const run = finishRun(createRun(scenario));
  const replay = createReplay(scenario, run.changes);
  const out = new Map<number, string>();
  // In increasing order: one pass of the replay for all of them.
  for (const r of [...rounds].sort((a, b) => a - b)) {
    out.set(r, explainRound(scenario, replay.round(r, run.round)).summary);
  }
  return out;
}

async function playToEnd(page: Page, query: string, rounds: number): Promise<void> {
  await openDashboard(page, query);
  await page.getByLabel('Speed').selectOption({ label: 'As fast as possible' });
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('rounds-simulated')).toHaveText(`${rounds} / ${rounds}`, {
    timeout: 240_000,
  });
}

/** Opens `round` with the scrubber; returns the rounds the worker stepped to answer. */
async function open(page: Page, round: number, summary: string): Promise<number> {
  await page.getByLabel('Picked hour').fill(String(round));
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toHaveAttribute('data-round', String(round), { timeout: 60_000 });
  await expect(inspector).toHaveAttribute('data-ready', 'true');
  await expect(inspector.getByTestId('inspector-summary')).toHaveText(summary);
  const cost = inspector.getByTestId('inspector-recomputed');
  await expect(cost).toHaveAttribute('data-recorded', 'true');
  return Number(/(\d+) rounds stepped/.exec((await cost.textContent()) ?? '')?.[1] ?? 0);
}

/** Far back, then forward through the picked day, then the run's last hour. */
async function walk(page: Page, input: ScenarioInput, query: string, total: number) {
  const far = Math.floor((total * 0.6) / 24) * 24;
  const asked = [far, far + 1, far + 2, 0, total - 1];
  const want = summaries(input, asked);
  await playToEnd(page, query, total);

  // A far jump replays from the start up to the end of that round's day.
  expect(await open(page, far, want.get(far)!)).toBe(far + 24);
  // The next hours of the same day were kept: nothing stepped.
  expect(await open(page, far + 1, want.get(far + 1)!)).toBe(0);
  expect(await open(page, far + 2, want.get(far + 2)!)).toBe(0);
  // Back to the first hour: the replay starts over, and steps only its day.
  expect(await open(page, 0, want.get(0)!)).toBe(24);
  // The last hour: on from the first day, up to it.
  expect(await open(page, total - 1, want.get(total - 1)!)).toBe(total - 24);
}

test('any past round of exp4 (4,080 hours) opens in the inspector, recomputed by replay', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await walk(page, { preset: 'exp4' }, 'preset=exp4', 4080);
});

test('any past round of 1,000 households x 30 days opens in the inspector', async ({ page }) => {
  test.setTimeout(600_000);
  const input = { preset: 'exp4' as const, households: 1000, days: 30 };
  await walk(page, input, 'preset=exp4&households=1000&days=30', 720);
  // A thousand households' orders: the worker sends the table a page at a time, the next page
  // on asking. Bids come first, highest first, so the next page's first bid is no higher.
  const orders = page.getByTestId('inspector-orders').locator('tbody tr');
  await expect(orders).toHaveCount(60);
  const pager = page.getByTestId('pager-orders');
  const total = Number(/of (\d+)/.exec((await pager.textContent()) ?? '')?.[1]);
  expect(total).toBeGreaterThan(60);
  await expect(pager).toContainText(`orders 1–60 of ${total}`);
  const first = await orders.first().getAttribute('data-household');
  const price = async (): Promise<number> =>
    Number(await orders.last().locator('td').nth(3).textContent());
  const lastOfFirst = await price();
  await pager.getByRole('button', { name: 'Next 60' }).click();
  await expect(pager).toHaveAttribute('data-offset', '60');
  await expect(pager).toContainText(`orders 61–120 of ${total}`);
  await expect(orders).toHaveCount(60);
  expect(await orders.first().getAttribute('data-household')).not.toBe(first);
  if ((await orders.first().getAttribute('data-side')) === 'buy') {
    expect(Number(await orders.first().locator('td').nth(3).textContent())).toBeLessThanOrEqual(
      lastOfFirst,
    );
  }
  await pager.getByRole('button', { name: 'Previous 60' }).click();
  await expect(pager).toHaveAttribute('data-offset', '0');
  expect(await orders.first().getAttribute('data-household')).toBe(first);
});
