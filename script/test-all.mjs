#!/usr/bin/env node
// Runs every suite the project has, in dependency order, and fails if any fails or skips.
// Each step runs even when an earlier one failed, so one CI log shows every problem at once. The
// last line is the plain "tests: N passed, N failed" total over forge, Vitest and Playwright.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);

const counts = { passed: 0, failed: 0, skipped: 0 };
const rows = [];

function step(name, cmd, args, { env = {}, parse } = {}) {
  console.log(`\n━━ ${name} ━━ ${[cmd, ...args].join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: parse ? ['inherit', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (parse) process.stdout.write(r.stdout ?? '');
  const ok = r.status === 0;
  let detail = '';
  if (parse) {
    const c = parse(r.stdout ?? '');
    if (c) {
      counts.passed += c.passed;
      counts.failed += c.failed;
      counts.skipped += c.skipped;
      detail = `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
      if (c.skipped > 0) detail += ' (skipped tests fail the run)';
    } else if (ok) {
      detail = 'no test count found';
    }
  }
  rows.push({
    name,
    ok: ok && !detail.includes('skipped tests fail'),
    secs: (Date.now() - started) / 1000,
    detail,
  });
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

// forge build only: the generated contracts module is committed, and a unit test
// (script/gen-abi.test.ts) fails when it no longer matches forge's output, so it must not be
// regenerated here first.
step('contracts build', bin('forge'), ['build']);

step('forge tests', bin('forge'), ['test'], {
  parse: (out) => {
    const m = out.match(/(\d+) tests passed, (\d+) failed, (\d+) skipped/);
    return m ? { passed: +m[1], failed: +m[2], skipped: +m[3] } : null;
  },
});

step('type check', 'npm', ['run', '--silent', 'typecheck']);
step('lint', 'npm', ['run', '--silent', 'lint']);
step('format check', 'npm', ['run', '--silent', 'format:check']);

const vitestJson = join(results, 'vitest.json');
rmSync(vitestJson, { force: true });
step(
  'unit tests (vitest)',
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
  {
    parse: () => {
      const j = readJson(vitestJson);
      if (!j) return null;
      return {
        passed: j.numPassedTests,
        failed: j.numFailedTests,
        skipped: (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0),
      };
    },
  },
);

const pwJson = join(results, 'playwright.json');
rmSync(pwJson, { force: true });
step(
  'end-to-end (playwright + chromium + anvil)',
  bin('playwright'),
  ['test', '--reporter=list,json'],
  {
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson, PLAYWRIGHT_JSON_OUTPUT_FILE: pwJson },
    parse: () => {
      const j = readJson(pwJson);
      if (!j?.stats) return null;
      return {
        passed: j.stats.expected + (j.stats.flaky ?? 0),
        failed: j.stats.unexpected,
        skipped: j.stats.skipped,
      };
    },
  },
);

console.log('\n━━ summary ━━');
for (const r of rows) {
  console.log(
    `${r.ok ? '✓' : '✗'} ${r.name.padEnd(44)} ${r.secs.toFixed(1).padStart(6)} s  ${r.detail}`,
  );
}
const allOk = rows.every((r) => r.ok) && counts.failed === 0 && counts.skipped === 0;
if (!existsSync(vitestJson) || !existsSync(pwJson))
  console.log('(a suite wrote no report: see its log above)');
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed`);
process.exit(allOk ? 0 : 1);
