import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../../src/engine';
import { fingerprint, GOLDEN_CASES, type GoldenRecord } from './digest';

const dir = fileURLToPath(new URL('.', import.meta.url));

/**
 * Every golden value must still be there and equal; fields added since the file was written are
 * allowed (a new figure is not a changed figure).
 */
function expectContains(actual: unknown, golden: unknown, path: string): void {
  if (golden !== null && typeof golden === 'object') {
    expect(actual, path).toBeTypeOf('object');
    for (const [k, v] of Object.entries(golden)) {
      expectContains((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    }
    return;
  }
  expect(actual, path).toStrictEqual(golden);
}

describe('golden runs: the same scenario and seed give the same run as when the file was written', () => {
  for (const c of GOLDEN_CASES) {
    it(c.name, () => {
      const golden = JSON.parse(readFileSync(join(dir, `${c.name}.json`), 'utf8')) as GoldenRecord;
      const now = fingerprint(resolveScenario(golden.scenario));
      expect(now.roundsDigest, 'digest of every round').toBe(golden.roundsDigest);
      expectContains(now.summary, golden.summary, 'summary');
    });
  }
});
