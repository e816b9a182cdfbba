import { chainClient, latestMarket, settledRounds } from '../test/support/chainReads';
import { expect, openDashboard, screenshot, test } from '../test/support/fixtures';

function signalAnvil(signal: 'SIGSTOP' | 'SIGCONT'): void {
  const pid = Number(process.env.E2E_ANVIL_PID);
  if (!pid) throw new Error('E2E_ANVIL_PID is not set: the global setup did not run');
  process.kill(pid, signal);
}

const count = async (page: import('@playwright/test').Page, id: string): Promise<number> =>
  Number(await page.getByTestId(id).evaluate((e) => e.firstChild?.textContent));

test('a frozen chain never stops the simulation, shows the lag, and catches up', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await openDashboard(page, 'preset=exp1&households=4&days=60&seed=13');
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready');
  await page.getByLabel('Speed').selectOption({ label: '1 day / s' });
  await page.getByRole('button', { name: 'Play' }).click();
  await expect.poll(() => count(page, 'rounds-confirmed')).toBeGreaterThan(24);

  signalAnvil('SIGSTOP');
  try {
    const frozenAt = await count(page, 'rounds-confirmed');
    // The run goes on while the chain cannot confirm anything.
    await expect.poll(() => count(page, 'rounds-simulated')).toBeGreaterThan(frozenAt + 72);
    expect(await count(page, 'rounds-confirmed')).toBeLessThanOrEqual(frozenAt + 24);
    await expect(page.getByTestId('chain-lag')).toContainText('rounds behind');
    await screenshot(page, 'chain-frozen', testInfo);
  } finally {
    signalAnvil('SIGCONT');
  }
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('chain-lag')).toBeHidden({ timeout: 90_000 });
  const simulated = await count(page, 'rounds-simulated');

  // Nothing lost, nothing doubled: the chain ends at exactly the rounds simulated, books equal.
  const client = chainClient();
  const market = await latestMarket(client);
  expect(market).not.toBeNull();
  await expect.poll(() => settledRounds(client, market!), { timeout: 90_000 }).toBe(simulated);
  await expect(page.getByTestId('reconciled')).toHaveAttribute('data-ok', 'true', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('reconciled')).toHaveAttribute('data-rounds', String(simulated));
});

test('at 1,000 households a frozen chain holds the simulation at the lag bound, then lets it go on', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openDashboard(page, 'preset=exp3&households=1000&days=14&seed=5');
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready', {
    timeout: 120_000,
  });
  signalAnvil('SIGSTOP');
  try {
    await page.getByLabel('Speed').selectOption('0');
    await page.getByRole('button', { name: 'Play' }).click();
    // 240,000 household-rounds: the run stops at 240 rounds unconfirmed and says why.
    const lag = page.getByTestId('chain-lag');
    await expect(lag).toHaveAttribute('data-held', 'true', { timeout: 60_000 });
    await expect(lag).toHaveAttribute('data-max-behind', '240');
    await expect(lag).toContainText('rounds behind (at most 240); the simulation waits for it');
    const confirmed = await count(page, 'rounds-confirmed');
    const at = await count(page, 'rounds-simulated');
    expect(at - confirmed).toBe(240);
    await page.waitForTimeout(2_000);
    expect(await count(page, 'rounds-simulated'), 'held while the chain is frozen').toBe(at);
    await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  } finally {
    signalAnvil('SIGCONT');
  }
  // The chain confirms again and the run plays on to its end.
  await expect.poll(() => count(page, 'rounds-simulated'), { timeout: 180_000 }).toBe(336);
  await expect(page.getByTestId('reconciled')).toHaveAttribute('data-ok', 'true', {
    timeout: 180_000,
  });
});
