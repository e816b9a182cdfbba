#!/usr/bin/env node
// Makes a fresh clone runnable: installs npm packages when package-lock.json changed since the
// last install, and (with --browser) Debian's chromium for Playwright. Plain Node on purpose:
// it runs before any dependency exists.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}

function ensureNpmPackages() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.deps-hash');
  const want = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return;
  // A plain `npm ci` (as the README's install step or a CI cache does) writes no stamp; npm's own
  // hidden lockfile then says whether node_modules already holds exactly the lock's packages, so
  // the first `npm start` after it does not install everything a second time.
  if (matchesHiddenLockfile(lock)) {
    writeFileSync(stamp, want);
    return;
  }
  console.log('• installing npm packages (npm ci)…');
  // Playwright drives Debian's chromium; it must never fetch a browser of its own.
  run('npm', ['ci', '--no-audit', '--no-fund'], {
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
  });
  writeFileSync(stamp, want);
}

/** True when node_modules/.package-lock.json lists every package the lock requires, at its version. */
function matchesHiddenLockfile(lock) {
  const hidden = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(hidden)) return false;
  try {
    const want = JSON.parse(readFileSync(lock, 'utf8')).packages ?? {};
    const have = JSON.parse(readFileSync(hidden, 'utf8')).packages ?? {};
    return Object.entries(want).every(
      // Optional packages for other platforms (esbuild's, rollup's) are never installed here.
      ([path, pkg]) =>
        path === '' ||
        have[path]?.version === pkg.version ||
        (pkg.optional === true && have[path] === undefined),
    );
  } catch {
    return false;
  }
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || spawnSync('which', ['apt-get']).status !== 0) {
    console.error(
      `✗ The end-to-end tests need Debian's chromium at ${CHROMIUM} (set CHROMIUM_PATH to use another).\n` +
        '  Install it with: sudo apt-get update && sudo apt-get install -y chromium',
    );
    process.exit(1);
  }
  console.log("• installing Debian's chromium for the browser tests (apt-get)…");
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'chromium'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

ensureNpmPackages();
if (process.argv.includes('--browser')) ensureChromium();
