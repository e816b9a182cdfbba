import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, http, type Address } from 'viem';
import { energyCoinAbi } from '../chain';
import { startAnvil, type AnvilHandle } from '../../script/anvil';

const run = promisify(execFile);
let anvil: AnvilHandle;
let dir: string;

beforeAll(async () => {
  anvil = await startAnvil();
  dir = mkdtempSync(join(tmpdir(), 'cli-chain-'));
});

afterAll(async () => {
  await anvil?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('simulate --rpc', () => {
  it('settles every round, reconciles, and the chain holds the summary coin balances', async () => {
    const out = join(dir, 'run');
    const { stdout } = await run(
      'npx',
      [
        'tsx',
        'src/cli/main.ts',
        'simulate',
        '--scenario',
        'exp2',
        '--days',
        '2',
        '--rpc',
        anvil.rpcUrl,
        '--batch-rounds',
        '12',
        '--out',
        out,
      ],
      { cwd: join(import.meta.dirname, '..', '..') },
    );
    expect(stdout).toMatch(/settled 48 rounds in 4 transactions/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      chain: {
        chainId: number;
        rpcUrl: string;
        runId: string;
        contracts: { EnergyCoin: Address; EnergyMarket: Address };
        transactions: number;
        settledRounds: number;
        gasUsed: string;
        mismatches: string[];
      };
      households: { address: Address; coinBalance: string }[];
    };
    const c = summary.chain;
    expect(c.chainId).toBe(31337);
    expect(c.runId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(c.rpcUrl).toBe(anvil.rpcUrl);
    expect(c.settledRounds).toBe(48);
    expect(c.transactions).toBe(4);
    expect(BigInt(c.gasUsed)).toBeGreaterThan(0n);
    expect(c.mismatches).toEqual([]);
    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    for (const h of summary.households) {
      const balance = await client.readContract({
        address: c.contracts.EnergyCoin,
        abi: energyCoinAbi,
        functionName: 'balanceOf',
        args: [h.address],
      });
      expect(balance.toString()).toBe(h.coinBalance);
    }
  });

  it('names the flag and what is allowed for a bad --batch-rounds', async () => {
    const err = await run(
      'npx',
      [
        'tsx',
        'src/cli/main.ts',
        'simulate',
        '--scenario',
        'exp1',
        '--rpc',
        anvil.rpcUrl,
        '--batch-rounds',
        '0',
        '--out',
        join(dir, 'bad'),
      ],
      { cwd: join(import.meta.dirname, '..', '..') },
    ).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toMatch(
      /--batch-rounds: got "0"; allowed: an integer in \[1, 1000\]/,
    );
  });

  it('refuses a public dev key as OPERATOR_KEY on another chain: exit 2, nothing sent or written', async () => {
    const other = await startAnvil({ args: ['--chain-id', '1337'] });
    try {
      const out = join(dir, 'public-key');
      const err = await run(
        'npx',
        [
          'tsx',
          'src/cli/main.ts',
          'simulate',
          '--scenario',
          'exp1',
          '--rpc',
          other.rpcUrl,
          '--out',
          out,
        ],
        {
          cwd: join(import.meta.dirname, '..', '..'),
          // Anvil's account 0: the key everyone has.
          env: {
            ...process.env,
            OPERATOR_KEY: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
          },
        },
      ).catch((e: { code: number; stderr: string }) => e);
      expect(err).toMatchObject({ code: 2 });
      expect((err as { stderr: string }).stderr).toMatch(
        /^error: OPERATOR_KEY is account 0 of the public dev mnemonic \(anyone can sign with it\): refused on chain 1337/,
      );
      expect((err as { stderr: string }).stderr).not.toMatch(/ac0974bec39a17e36ba4a6b4d238ff944/);
      expect(existsSync(out)).toBe(false);
      const client = createPublicClient({ transport: http(other.rpcUrl) });
      expect(await client.getBlockNumber()).toBe(0n);
    } finally {
      await other.stop();
    }
  });
});
