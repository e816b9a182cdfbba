import { expect, openDashboard, test } from '../test/support/fixtures';

test('scenario form: apply, shareable URL, save and load JSON, and a bad value named', async ({
  page,
}) => {
  await openDashboard(page, 'preset=exp1&households=3&days=1&seed=8');
  const households = page.getByRole('spinbutton', { name: 'Households' });
  await households.fill('5');
  await page.getByRole('combobox', { name: 'Auction' }).selectOption('uniform');
  await page.getByRole('button', { name: 'Apply scenario' }).click();
  await expect(page.getByLabel('Highlighted household').locator('option')).toHaveCount(5);
  expect(page.url()).toContain('households=5');
  expect(page.url()).toContain('auction=uniform');

  // The URL alone reproduces the run.
  await page.reload();
  await expect(page.getByRole('spinbutton', { name: 'Households' })).toHaveValue('5');
  await expect(page.getByRole('combobox', { name: 'Auction' })).toHaveValue('uniform');

  const saved = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save scenario JSON' }).click();
  const file = await (await saved).path();

  await page.getByRole('combobox', { name: 'Preset' }).selectOption('exp2');
  await expect(page.getByRole('spinbutton', { name: 'Households' })).not.toHaveValue('5');
  await page.getByLabel('Load scenario JSON').setInputFiles(file);
  await expect(page.getByRole('spinbutton', { name: 'Households' })).toHaveValue('5');
  await expect(page.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('8');

  // Bad input is refused as typed by the engine's validation, which names the field.
  await page.getByRole('spinbutton', { name: 'Households' }).fill('0');
  await expect(page.getByRole('alert')).toContainText('households');
  await expect(page.getByRole('button', { name: 'Apply scenario' })).toBeDisabled();
});

test('a link with bad values opens with every panel, the defaults standing in, and names each one', async ({
  page,
}) => {
  await openDashboard(page, 'preset=exp1&households=0&seed=abc&days=3');
  const problems = page.getByTestId('link-problems');
  await expect(problems.locator('li')).toHaveCount(2);
  await expect(problems).toContainText('scenario.seed: got "abc"; allowed: an integer');
  await expect(problems).toContainText(
    'scenario.households: got "0"; allowed: an integer in [1, 10000]',
  );
  // The rest of the link is kept; the preset's values stand in for the bad ones.
  await expect(page.getByRole('spinbutton', { name: 'Days' })).toHaveValue('3');
  await expect(page.getByRole('spinbutton', { name: 'Households' })).toHaveValue('2');
  await expect(page.getByRole('slider', { name: 'Minimum price' })).toBeVisible();
  await expect(page.getByTestId('rounds-simulated').locator('.of')).toContainText('72');
  await page.getByRole('button', { name: 'Dismiss error' }).click();
  await expect(problems).toBeHidden();
});
