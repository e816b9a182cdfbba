/**
 * How this project launches Debian's Chromium, for the e2e suite and the page benchmark alike.
 * Playwright never downloads a browser here; the background-networking flags keep Chromium from
 * dialling out of a machine whose network is closed.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
