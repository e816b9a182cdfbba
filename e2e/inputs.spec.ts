import type { Locator, Page } from '@playwright/test';
import { allowedText } from '../src/engine';
import { expect, openDashboard, test } from '../test/support/fixtures';

/** What the page says beside a field: the element its aria-describedby names first. */
async function besideField(page: Page, field: Locator): Promise<Locator> {
  const ids = (await field.getAttribute('aria-describedby')) ?? '';
  const first = ids.split(' ')[0] ?? '';
  expect(first, 'the field names what is said of it').not.toBe('');
  return page.locator(`[id="${first}"]`);
}

test('a link with households=0 and seed=abc opens a working page that names both', async ({
  page,
}) => {
  await openDashboard(page, 'households=0&seed=abc');
  const problems = page.getByTestId('link-problems');
  await expect(problems.locator('li')).toHaveCount(2);
  await expect(problems.locator('li[data-param="households"]')).toContainText(
    `scenario.households: got "0"; allowed: ${allowedText('households')}`,
  );
  await expect(problems.locator('li[data-param="seed"]')).toContainText(
    'scenario.seed: got "abc"; allowed: an integer',
  );
  // Working: every panel, the defaults standing in, and it plays.
  await expect(page.getByRole('spinbutton', { name: 'Households' })).toHaveValue('20');
  await expect(page.getByRole('slider', { name: 'Minimum price' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Apply scenario' })).toBeEnabled();
  await page.getByRole('button', { name: 'Step' }).click();
  await expect(page.getByTestId('rounds-simulated')).toContainText('1');
  // The refused values are not written back into the link.
  expect(page.url()).not.toContain('households=0');
  expect(page.url()).not.toContain('seed=abc');
});

test('a value is checked as it is typed: the reason beside the field, Apply disabled, the link untouched', async ({
  page,
}) => {
  await openDashboard(page, 'preset=exp1&households=3&days=2&seed=5');
  const apply = page.getByRole('button', { name: 'Apply scenario' });
  const households = page.getByRole('spinbutton', { name: 'Households' });
  // The allowed range is shown beside every number.
  await expect(page.getByText(`allowed: ${allowedText('households')}`)).toBeVisible();

  await households.fill('0');
  await expect(households).toHaveAttribute('aria-invalid', 'true');
  await expect(await besideField(page, households)).toHaveText(
    `scenario.households: got "0"; allowed: ${allowedText('households')}`,
  );
  await expect(apply).toBeDisabled();
  await households.fill('4');
  await expect(apply).toBeEnabled();

  const seed = page.getByRole('spinbutton', { name: 'Seed' });
  await seed.fill('abc');
  await expect(await besideField(page, seed)).toContainText('scenario.seed: got "abc"');
  await expect(apply).toBeDisabled();
  await seed.fill('');
  await expect(await besideField(page, seed)).toContainText(
    'required: the seed is what repeats a run',
  );
  await expect(apply).toBeDisabled();
  await seed.fill('6');

  // Grid prices that make no sense together are refused, with the reason, beside the feed-in.
  await page.getByText('More parameters').click();
  await page.getByRole('spinbutton', { name: /Grid retail price/ }).fill('5');
  const feedIn = page.getByRole('spinbutton', { name: /Grid feed-in price/ });
  await feedIn.fill('7');
  await expect(await besideField(page, feedIn)).toContainText(
    'the grid never pays more for energy than it charges',
  );
  await expect(apply).toBeDisabled();
  expect(page.url()).not.toContain('gridFeedInPrice=7');
  await feedIn.fill('2');
  await expect(apply).toBeEnabled();
  await apply.click();
  await expect(page.getByLabel('Highlighted household').locator('option')).toHaveCount(4);
  await expect.poll(() => page.url()).toContain('households=4');
  expect(page.url()).toContain('gridFeedInPrice=2');
  expect(page.url()).toContain('seed=6');
});

test('the comparison form is checked as typed too: the reason beside the field, Play disabled', async ({
  page,
}) => {
  // Straight to the comparison with no seed in the link: the form shows the seed that runs.
  await page.goto(`${process.env.E2E_BASE_URL}/?view=compare&preset=exp1&households=3&days=2`);
  const play = page.getByRole('button', { name: 'Play' });
  const seed = page.getByRole('spinbutton', { name: 'Seed' });
  await expect(play).toBeEnabled();
  await expect(seed).not.toHaveValue('');
  const households = page.getByRole('spinbutton', { name: 'Households' });
  await expect(page.getByText(`allowed: ${allowedText('households')}`)).toBeVisible();

  await households.fill('0');
  await expect(households).toHaveAttribute('aria-invalid', 'true');
  await expect(await besideField(page, households)).toHaveText(
    `scenario.households: got "0"; allowed: ${allowedText('households')}`,
  );
  await expect(play).toBeDisabled();
  await households.fill('4');
  await expect(households).not.toHaveAttribute('aria-invalid', 'true');
  await expect(play).toBeEnabled();

  await seed.fill('abc');
  await expect(await besideField(page, seed)).toContainText('scenario.seed: got "abc"');
  await expect(play).toBeDisabled();
  await seed.fill('');
  await expect(await besideField(page, seed)).toContainText(
    'required: the seed is what repeats a run',
  );
  await expect(play).toBeDisabled();
  // Nothing refused reached the link.
  expect(page.url()).not.toContain('households=0');
  expect(page.url()).not.toContain('seed=abc');

  await seed.fill('7');
  await expect(play).toBeEnabled();
  await play.click();
  await expect.poll(() => page.url()).toContain('seed=7');
  expect(page.url()).toContain('households=4');
  await expect(page.getByTestId('compare-table').locator('tbody tr')).toHaveCount(2);
});
