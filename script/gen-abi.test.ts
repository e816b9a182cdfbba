import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATED_MODULE, renderContractsModule } from './gen-abi';

const root = join(import.meta.dirname, '..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the committed contracts module', () => {
  // A fresh clone's first forge build compiles everything (about 40 s here); later ones are cached.
  it("is what gen-abi makes from forge's current output", { timeout: 180_000 }, () => {
    const build = spawnSync(join(root, 'node_modules', '.bin', 'forge'), ['build'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
    const committed = readFileSync(GENERATED_MODULE, 'utf8');
    const fresh = renderContractsModule(join(root, 'out'));
    expect(
      committed === fresh,
      'src/chain/generated/contracts.ts differs from the contracts: run `npm run build:contracts` and commit it',
    ).toBe(true);
  });

  it('would differ after any change to an ABI or bytecode', () => {
    const out = mkdtempSync(join(tmpdir(), 'gen-abi-'));
    dirs.push(out);
    cpSync(join(root, 'out', 'EnergyCoin.sol'), join(out, 'EnergyCoin.sol'), { recursive: true });
    cpSync(join(root, 'out', 'EnergyMarket.sol'), join(out, 'EnergyMarket.sol'), {
      recursive: true,
    });
    expect(renderContractsModule(out)).toBe(renderContractsModule(join(root, 'out')));
    const path = join(out, 'EnergyMarket.sol', 'EnergyMarket.json');
    const artifact = JSON.parse(readFileSync(path, 'utf8')) as { bytecode: { object: string } };
    artifact.bytecode.object = `${artifact.bytecode.object}00`;
    writeFileSync(path, JSON.stringify(artifact));
    expect(renderContractsModule(out)).not.toBe(readFileSync(GENERATED_MODULE, 'utf8'));
  });

  it('names the artifact it cannot read', () => {
    const empty = mkdtempSync(join(tmpdir(), 'gen-abi-'));
    dirs.push(empty);
    expect(() => renderContractsModule(empty)).toThrow(
      /gen-abi: cannot read .*EnergyCoin\.sol\/EnergyCoin\.json .*run `forge build` first/,
    );
  });
});
