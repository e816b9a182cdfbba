import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './script/chromium';

/**
 * End-to-end tests against the built app, a real Anvil and Debian's Chromium. The global setup
 * starts its own Anvil and preview server on free ports, so a running `npm start` is never touched.
 */
export default defineConfig({
  testDir: 'e2e',
  // Not the default test-results/: that folder also holds the other suites' reports.
  outputDir: 'test-results/e2e',
  globalSetup: './e2e/global-setup.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: 'list',
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
});
