import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { allowedText } from '../src/engine';
import { cli } from '../test/support/cli';
import { expect, openDashboard, test } from '../test/support/fixtures';

/** The end-of-run summary's lines as the page shows them, written `label: value` as the CLI does. */
async function summaryLines(page: Page): Promise<string[]> {
  return page
    .getByTestId('end-summary')
    .locator('dl > div')
    .evaluateAll((ds) =>
      ds.map((d) => `${d.querySelector('dt')?.textContent}: ${d.querySelector('dd')?.textContent}`),
    );
}

/** Runs the CLI as a person would, from the repository; resolves with its exit code and output. */
/** Plays to the end as fast as the page goes and waits for the chain's books hash. */
async function playToEnd(page: Page): Promise<void> {
  await page.getByLabel('Speed').selectOption({ label: 'As fast as possible' });
  await expect(page.getByTestId('end-summary')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('books-hash')).toHaveAttribute('data-source', 'chain', {
    timeout: 90_000,
  });
}

test('a run file saved after slider moves replays the same run in Node and from the share link', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  await openDashboard(page, 'preset=exp3');
  await expect(page.getByTestId('chain-note')).toHaveAttribute('data-phase', 'ready');
  await page.getByLabel('Speed').selectOption({ label: '1 day / s' });
  await page.getByRole('button', { name: 'Play' }).click();
  const simulated = async (): Promise<number> =>
    Number((await page.getByTestId('rounds-simulated').innerText()).split('/')[0]);
  await expect.poll(simulated, { timeout: 30_000 }).toBeGreaterThanOrEqual(30);

  // Both price sliders and the battery threshold, mid-run.
  await page.getByRole('slider', { name: 'Maximum price' }).fill('6');
  await page.getByRole('slider', { name: 'Minimum price' }).fill('4');
  await expect(page.getByTestId('value-Minimum price')).toHaveText('4 coins / 100 Wh');
  await expect.poll(simulated, { timeout: 30_000 }).toBeGreaterThanOrEqual(60);
  await page.getByRole('slider', { name: 'Battery threshold' }).fill('0.5');
  await expect(page.getByTestId('value-Battery threshold')).toHaveText('50 %');
  await playToEnd(page);
  const lines = await summaryLines(page);
  expect(lines[0]).toBe('Hours simulated: 720 of 720 (20 households)');
  const hash = (await page.getByTestId('books-hash').getAttribute('data-hash')) ?? '';
  expect(hash).toMatch(/^0x[0-9a-f]{64}$/);

  const saved = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save run file' }).click();
  const path = await (await saved).path();
  const file = JSON.parse(readFileSync(path, 'utf8')) as {
    changes: { round: number; params: Record<string, number> }[];
    rounds: number;
    books: { sha256: string; source: string };
  };
  expect(file.rounds).toBe(720);
  expect(file.books).toEqual({ sha256: hash, source: 'chain' });
  const moved = file.changes.flatMap((c) => Object.keys(c.params));
  expect(moved).toEqual(['priceMax', 'priceMin', 'batteryThreshold']);
  // The moves took effect mid-run, at the rounds the page recorded.
  expect(file.changes[0]!.round).toBeGreaterThanOrEqual(30);
  expect(file.changes[2]!.round).toBeGreaterThanOrEqual(60);
  expect(file.changes[2]!.round).toBeLessThan(720);

  // Node replays the file and prints the page's summary, line for line, and its books hash.
  const out = await cli(['simulate', '--run', path, '--out', testInfo.outputPath('cli')]);
  expect(out.stderr).not.toContain('error');
  expect(out.code, out.stderr).toBe(0);
  const printed = out.stdout.split('\n');
  expect(lines.length).toBeGreaterThan(8);
  for (const line of lines) expect(printed).toContain(line);
  expect(printed).toContain(`Books hash (engine): ${hash}`);
  expect(printed).toContain("Books hash equals the run file's (chain).");

  // The share link alone repeats the run in a fresh page: the same final numbers.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy share link' }).click();
  await expect(page.getByText('Link copied: it replays this run')).toBeVisible();
  const link = await page.evaluate<string>('navigator.clipboard.readText()');
  expect(link).toContain('changes=');
  expect(link).toContain('rounds=720');
  expect(link).toContain(`books=${hash}`);
  const fresh = await (await browser.newContext()).newPage();
  const errors: string[] = [];
  fresh.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await fresh.goto(link);
  await expect(fresh.getByTestId('replay-status')).toContainText(
    'Replaying the link: 3 slider moves',
  );
  await fresh.getByRole('button', { name: 'Play' }).click();
  await playToEnd(fresh);
  expect(await summaryLines(fresh)).toEqual(lines);
  await expect(fresh.getByTestId('books-compared')).toHaveAttribute('data-equal', 'true');
  // The sliders show the last recorded move.
  await expect(fresh.getByTestId('value-Battery threshold')).toHaveText('50 %');
  expect(errors).toEqual([]);
});

test('a run file that does not parse is refused by name and the page keeps its run', async ({
  page,
}, testInfo) => {
  await openDashboard(page, 'preset=exp1&households=3&days=1&seed=4');
  const bad = testInfo.outputPath('bad-run.json');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    bad,
    JSON.stringify({
      format: 'neighbourhood-energy-run',
      version: 1,
      engine: '0.1.0',
      scenario: { preset: 'exp1', households: 0 },
      changes: [],
      orders: [],
      rounds: 0,
      books: null,
    }),
  );
  await page.getByLabel('Open run file').setInputFiles(bad);
  await expect(page.getByTestId('runfile-note')).toContainText(
    `bad-run.json was not opened: run.scenario.households: got 0; allowed: ${allowedText('households')}`,
  );
  await expect(page.getByRole('spinbutton', { name: 'Households' })).toHaveValue('3');
});
