import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedAddresses } from '../src/chain';
import { startAnvil, type AnvilHandle } from './anvil';

/** The dev mnemonic's account 0, the operator on Anvil. */
const OPERATOR = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

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
  it('deploys one market to deterministic addresses on a fresh Anvil and reuses it while fresh', async () => {
    const out = join(dir, 'deployment.json');
    const deploy = () =>
      run('npx', ['tsx', 'script/deploy.ts', '--rpc', anvil.rpcUrl, '--out', out], {
        cwd: join(import.meta.dirname, '..'),
      });
    const first = await deploy();
    expect(first.stdout).not.toMatch(/reusing/);
    const written = JSON.parse(readFileSync(out, 'utf8')) as { runId: string };
    // One transaction: the market at the operator's nonce 0, the coin it created at its nonce 1.
    expect(written).toEqual({
      chainId: 31337,
      rpcUrl: anvil.rpcUrl,
      runId: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      contracts: {
        EnergyMarket: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
        EnergyCoin: expectedAddresses(OPERATOR).EnergyCoin,
      },
    });
    const second = await deploy();
    expect(second.stdout).toMatch(/reusing the fresh market already on chain 31337/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(written);
  });
});
