import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, openDashboard, test } from '../test/support/fixtures';

test('the run exports as CSV and JSON, a chart as PNG, and a picked household is highlighted', async ({
  page,
}, testInfo) => {
  await openDashboard(page, 'preset=exp1&households=3&days=1&seed=4');
  await page.getByLabel('Speed').selectOption({ label: 'As fast as possible' });
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('rounds-simulated')).toHaveText('24 / 24');

  await page.getByLabel('Highlighted household').selectOption('2');
  await expect(page.getByTestId('chart-coin').getByText('Household 2')).toBeVisible();
  // Every household can get a faint line of its own under the aggregates: the two not picked.
  const lines = page.getByTestId('chart-coin').locator('path.series-line');
  await expect(lines).toHaveCount(4);
  await page.getByLabel('Draw every household').check();
  await expect(lines).toHaveCount(4 + 2);
  await expect(page.getByTestId('chart-coin').getByText('Each household')).toBeVisible();
  await page.getByLabel('Draw every household').uncheck();
  await expect(lines).toHaveCount(4);

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export run as CSV' }).click();
  const csvText = readFileSync(await (await csvDownload).path(), 'utf8');
  const csv = csvText.trim().split('\n');
  expect(csv).toHaveLength(1 + 24);
  // The page's CSV is the CLI's rounds.csv: its header, and for the same scenario and seed
  // every byte, as `simulate` writes it in Node.
  const out = testInfo.outputPath('cli');
  const sim = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'simulate', '--scenario', 'exp1'].concat([
      '--households',
      '3',
      '--days',
      '1',
      '--seed',
      '4',
      '--out',
      out,
    ]),
    { encoding: 'utf8', cwd: process.cwd() },
  );
  expect(sim.stderr).toBe('');
  const cliCsv = readFileSync(join(out, 'rounds.csv'), 'utf8');
  expect(csv[0]).toBe(cliCsv.split('\n')[0]);
  expect(csv[0]).toMatch(/^round,day,hour,weather,clearingPrice,/);
  expect(csvText).toBe(cliCsv);

  const jsonDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export run as JSON' }).click();
  const run = JSON.parse(readFileSync(await (await jsonDownload).path(), 'utf8')) as {
    scenario: { households: number; seed: number };
    households: { coinBalance: number[][] };
  };
  expect(run.scenario).toMatchObject({ households: 3, seed: 4 });
  expect(run.households.coinBalance).toHaveLength(3);
  expect(run.households.coinBalance[0]).toHaveLength(24);

  const pngDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save Battery level chart as PNG' }).click();
  const png = readFileSync(await (await pngDownload).path());
  expect(png.subarray(1, 4).toString()).toBe('PNG');
});
