import { chainClient, latestMarket, settledRounds } from '../test/support/chainReads';
import { expect, openDashboard, test } from '../test/support/fixtures';

function signalAnvil(signal: 'SIGSTOP' | 'SIGCONT'): void {
  const pid = Number(process.env.E2E_ANVIL_PID);
  if (!pid) throw new Error('E2E_ANVIL_PID is not set: the global setup did not run');
  process.kill(pid, signal);
}

const count = async (page: import('@playwright/test').Page, id: string): Promise<number> =>
  Number(await page.getByTestId(id).evaluate((e) => e.firstChild?.textContent));

test('a page loaded while the chain is frozen reconnects when it comes back and settles every round', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const client = chainClient();
  const before = await latestMarket(client);
  signalAnvil('SIGSTOP');
  try {
    await openDashboard(page, 'preset=exp1&households=4&days=3&seed=21');
    await expect(page.getByTestId('chain-note')).toContainText('is not answering');
    await expect(page.getByTestId('chain-note')).toContainText('asks again every 3 s');
    // The page works without the chain meanwhile.
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Step' }).click();
    await expect.poll(() => count(page, 'rounds-simulated')).toBe(5);
  } finally {
    signalAnvil('SIGCONT');
  }
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready', {
    timeout: 60_000,
  });
  // A fresh market holds every round simulated, the ones from before the chain came back too.
  await expect.poll(() => latestMarket(client), { timeout: 30_000 }).not.toBe(before);
  const market = (await latestMarket(client))!;
  await expect.poll(() => settledRounds(client, market), { timeout: 60_000 }).toBe(5);
  await expect(page.getByTestId('reconciled')).toHaveAttribute('data-ok', 'true', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('reconciled')).toHaveAttribute('data-rounds', '5');
  // And it goes on settling.
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => settledRounds(client, market), { timeout: 60_000 }).toBe(6);
});
