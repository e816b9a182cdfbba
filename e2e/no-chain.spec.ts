import { expect, openDashboard, test } from '../test/support/fixtures';

test('without a chain the page says so clearly and still simulates', async ({
  page,
  consoleErrors,
}) => {
  await page.route('**/deployment.json', (route) => route.fulfill({ status: 404, body: '' }));
  await openDashboard(page, 'preset=exp1&households=3&days=2&seed=2');
  await expect(page.getByTestId('chain-note')).toContainText('No deployment found');
  await expect(page.getByRole('region', { name: 'Household wallet' })).toContainText(
    'The wallet needs the chain',
  );
  await page.getByLabel('Speed').selectOption({ label: 'As fast as possible' });
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('rounds-simulated')).toHaveText('48 / 48');
  await expect(page.getByTestId('rounds-confirmed')).toHaveText('0');
  // The only console error allowed here is the browser reporting the missing deployment itself.
  const expected = consoleErrors.filter((e) => e.includes('404'));
  expect(expected.length).toBeLessThanOrEqual(1);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !e.includes('404')));
});
