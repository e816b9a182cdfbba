import { expect, openDashboard, test } from '../test/support/fixtures';

// Runs in the page (the Node-side tsconfig has no DOM types, so it is passed as source).
const UNNAMED_CONTROLS = `(() => {
  const named = (el) =>
    (el.labels && el.labels.length > 0) ||
    el.getAttribute('aria-label') ||
    el.getAttribute('aria-labelledby') ||
    (el.tagName === 'BUTTON' && el.textContent.trim() !== '');
  return [...document.querySelectorAll('button, input, select, textarea')]
    .filter((el) => !named(el))
    .map((el) => el.outerHTML.slice(0, 120));
})()`;

test('every control has an accessible name, at desktop and narrow widths', async ({ page }) => {
  await openDashboard(page, 'preset=exp1&households=3&days=1&seed=1');
  await page.getByText('More parameters').click();
  expect(await page.evaluate(UNNAMED_CONTROLS)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  // Opening "More parameters" scrolled down to it; a narrow page starts at its top, where the
  // controls must fit the width.
  await page.evaluate('window.scrollTo(0, 0)');
  await expect(page.getByRole('button', { name: 'Play' })).toBeInViewport();
  expect(await page.evaluate(UNNAMED_CONTROLS)).toEqual([]);
});
