/**
 * The layer rules of eslint.config.js bite: each one is fed an import that breaks it, in a file
 * placed where the rule applies, and must report it; the same file with an allowed import must
 * pass, so a rule that reports everything fails too.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

const cases: { rule: string; file: string; bad: string; good: string }[] = [
  {
    rule: 'the engine imports nothing outside itself (no other layer)',
    file: 'src/engine/auctions/__layer_fixture.ts',
    bad: "export { createSettler } from '../../chain';\n",
    good: "export { createUniform } from './uniform';\n",
  },
  {
    rule: 'the engine imports nothing outside itself (no package)',
    file: 'src/engine/__layer_fixture.ts',
    bad: "export { readFileSync } from 'node:fs';\n",
    good: "export { DIV_WH } from './units';\n",
  },
  {
    rule: 'the page reaches the chain only through its entry',
    file: 'src/ui/__layer_fixture.ts',
    bad: "export { encodeBatch } from '../chain/codec';\n",
    good: "export { encodeBatch } from '../chain';\n",
  },
  {
    rule: 'outside the engine, it is imported only through its entry',
    file: 'src/worker/__layer_fixture.ts',
    bad: "export { roundFigures } from '../engine/figures';\n",
    good: "export { roundFigures } from '../engine';\n",
  },
  {
    rule: 'shipped code never imports test support',
    file: 'src/store/__layer_fixture.ts',
    bad: "export { startRpcProxy } from '../../test/support/rpcFaultProxy';\n",
    good: "export { DIV_WH } from '../engine';\n",
  },
  {
    rule: 'scripts never import specs or test support',
    file: 'script/__layer_fixture.ts',
    bad: "export { test } from '../test/support/fixtures';\n",
    good: "export { startAnvil } from './anvil';\n",
  },
];

describe('layer rules', () => {
  for (const c of cases) {
    it(c.rule, async () => {
      const bad = await problems(c.file, c.bad);
      expect(
        bad.some((p) => /no-restricted-(paths|imports)/.test(p)),
        bad.join('\n'),
      ).toBe(true);
      expect(await problems(c.file, c.good)).toEqual([]);
    });
  }
});
