import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnvil, type AnvilHandle } from './anvil';

const run = promisify(execFile);
let anvil: AnvilHandle;
let dir: string;

beforeAll(async () => {
  anvil = await startAnvil();
  dir = mkdtempSync(join(tmpdir(), 'deploy-'));
});

afterAll(async () => {
  await anvil?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('script/deploy.ts', () => {
  it('deploys to deterministic addresses on a fresh Anvil and reuses them afterwards', async () => {
    const out = join(dir, 'deployment.json');
    const deploy = () =>
      run('npx', ['tsx', 'script/deploy.ts', '--rpc', anvil.rpcUrl, '--out', out], {
        cwd: join(import.meta.dirname, '..'),
      });
    const first = await deploy();
    expect(first.stdout).not.toMatch(/reusing/);
    const written = JSON.parse(readFileSync(out, 'utf8')) as unknown;
    expect(written).toEqual({
      chainId: 31337,
      rpcUrl: anvil.rpcUrl,
      contracts: {
        EnergyCoin: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
        EnergyMarket: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
      },
    });
    const second = await deploy();
    expect(second.stdout).toMatch(/reusing the pair already on chain 31337/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(written);
  });
});
