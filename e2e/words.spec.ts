import type { Locator } from '@playwright/test';
import { COMPARISON_COLUMNS, MECHANISM_NAMES, PRESET_NAMES } from '../src/engine';
import { MECHANISM_HELP, PRESET_HELP, UNIT_HELP, UNITS, columnHelp } from '../src/ui/words';
import { expect, openDashboard, test } from '../test/support/fixtures';

/** The text of the element(s) a control's aria-describedby names. */
async function description(control: Locator): Promise<string> {
  const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(
    ids.map((id) => control.page().locator(`[id="${id}"]`).textContent()),
  );
  return texts.join(' ');
}

/** Opens the glossary and finds every preset, mechanism and unit with its help, visible. */
async function everyWord(where: Locator): Promise<void> {
  const words = where.getByTestId('words');
  await words.locator('summary').click();
  for (const p of PRESET_NAMES) {
    await expect(words.getByTestId(`words-preset-${p}`)).toBeVisible();
    await expect(words.getByTestId(`words-preset-${p}`)).toContainText(PRESET_HELP[p]);
  }
  for (const m of MECHANISM_NAMES) {
    await expect(words.getByTestId(`words-mechanism-${m}`)).toBeVisible();
    await expect(words.getByTestId(`words-mechanism-${m}`)).toContainText(MECHANISM_HELP[m]);
  }
  for (const u of UNITS) {
    await expect(words.getByTestId(`words-unit-${u}`)).toBeVisible();
    await expect(words.getByTestId(`words-unit-${u}`)).toContainText(UNIT_HELP[u]);
  }
}

test('every preset, mechanism, unit and comparison column has its help on the page', async ({
  page,
}) => {
  await openDashboard(page, 'preset=exp3&households=4&days=1&seed=2');
  // Beside the preset and auction selects, the chosen one's help is the select's description,
  // and every option carries its own.
  const preset = page.getByRole('combobox', { name: 'Preset' });
  const auction = page.getByRole('combobox', { name: 'Auction' });
  await expect(page.getByTestId('help-preset')).toHaveText(PRESET_HELP.exp3);
  expect(await description(preset)).toContain(PRESET_HELP.exp3);
  expect(await description(auction)).toContain(MECHANISM_HELP.loyalty);
  for (const p of PRESET_NAMES)
    await expect(preset.locator(`option[value="${p}"]`)).toHaveAttribute('title', PRESET_HELP[p]);
  for (const m of MECHANISM_NAMES)
    await expect(auction.locator(`option[value="${m}"]`)).toHaveAttribute(
      'title',
      MECHANISM_HELP[m],
    );
  // Another mechanism picked: its help replaces the last one's.
  await auction.selectOption('cda');
  await expect(page.getByTestId('help-auction')).toHaveText(MECHANISM_HELP.cda);
  await everyWord(page.getByRole('complementary', { name: 'Settings' }));

  // The comparison: each mechanism's checkbox, each column's head and its sentence under the table.
  await page.getByRole('tab', { name: 'Compare mechanisms' }).click();
  for (const m of MECHANISM_NAMES) {
    const box = page.getByRole('checkbox', { name: m, exact: true });
    await expect(box.locator('xpath=..')).toHaveAttribute('title', MECHANISM_HELP[m]);
  }
  const table = page.getByTestId('compare-table');
  for (const [i, c] of COMPARISON_COLUMNS.entries()) {
    const head = table.locator('thead th').nth(i);
    await expect(head).toContainText(c.head);
    await expect(head).toHaveAttribute('title', columnHelp(c));
  }
  const columns = page.getByTestId('compare-column-help');
  await columns.locator('summary').click();
  for (const c of COMPARISON_COLUMNS)
    await expect(columns.getByText(columnHelp(c), { exact: true })).toBeVisible();
  await everyWord(page.getByRole('region', { name: 'Compare mechanisms' }));
});
