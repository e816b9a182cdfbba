import { test as base, expect, type Page, type TestInfo } from '@playwright/test';

/**
 * The `page` fixture of every spec: collects console errors and uncaught page errors, and fails
 * the test if any occurred during the run.
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      await use(errors);
      expect(errors, 'console errors during the run').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Opens the dashboard with a scenario from the query string and waits until it is ready. */
export async function openDashboard(page: Page, query: string): Promise<void> {
  const base = process.env.E2E_BASE_URL;
  if (!base) throw new Error('E2E_BASE_URL is not set: the global setup did not run');
  await page.goto(`${base}/?${query}`);
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
}

/** Saves a full-page screenshot under the test's output folder and attaches it to the report. */
export async function screenshot(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  // From the top, so the sticky header is drawn where it belongs in a full-page capture.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
