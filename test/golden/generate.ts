/**
 * Writes test/golden/<case>.json from the engine as it is now. Run it only for a named model
 * fix, and say in the commit which fix changed which figures.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fingerprint, GOLDEN_CASES, resolveCase } from './digest';

const dir = fileURLToPath(new URL('.', import.meta.url));
for (const c of GOLDEN_CASES) {
  const record = fingerprint(resolveCase(c));
  writeFileSync(join(dir, `${c.name}.json`), `${JSON.stringify(record)}\n`);
  process.stdout.write(`${c.name}: ${record.roundsDigest.slice(0, 12)}\n`);
}
