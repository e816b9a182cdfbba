/**
 * `simulate --rpc` under injected faults, as a user runs it (a process, its exit code, stdout,
 * stderr and files), on real Anvil nodes behind the fault proxy (test/support/rpcFaultProxy.ts).
 * Every run must end within a bounded time with the stated exit code and one sentence saying
 * what happened and what to do, and write the engine's files with a `chain` record.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, http, toFunctionSelector, type Address } from 'viem';
import { startAnvil, type AnvilHandle } from '../../script/anvil';
import { rpc, startRpcProxy, type RpcProxy } from '../../test/support/rpcFaultProxy';
import { ANVIL_CHAIN_ID, createSettler, devOperatorKey, energyMarketAbi } from '../chain';
import { createSimulation, resolveScenario, type Scenario } from '../engine';
import { parseSimulateArgs, runSimulate } from './simulate';

const root = join(import.meta.dirname, '..', '..');
let dir: string;
const nodes: AnvilHandle[] = [];
const proxies: RpcProxy[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-faults-'));
});
afterEach(async () => {
  for (const p of proxies.splice(0)) await p.close();
  for (const n of nodes.splice(0)) await n.stop();
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function node(args: string[] = []): Promise<AnvilHandle> {
  const a = await startAnvil({ args });
  nodes.push(a);
  return a;
}

async function proxyTo(a: AnvilHandle): Promise<RpcProxy> {
  const p = await startRpcProxy(a.rpcUrl);
  proxies.push(p);
  return p;
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The CLI as a process; `timeoutMs` is the bound the run must end within. */
async function cli(args: string[], timeoutMs = 60_000): Promise<Ran> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'simulate', ...args],
      { cwd: root, timeout: timeoutMs, killSignal: 'SIGKILL' },
      (e, stdout, stderr) => {
        const code = e ? ((e as { code?: number }).code ?? -1) : 0;
        resolve({ code, stdout, stderr, ms: Date.now() - t0 });
      },
    );
  });
}

interface ChainRecordJson {
  status: string;
  runId: string | null;
  contracts: { EnergyCoin: Address; EnergyMarket: Address } | null;
  rounds: number;
  settledRounds: number | null;
  resumedAt: number;
  reconciled: boolean;
  mismatches: string[];
  stopped: { stage: string; code: string; reason: string; advice: string } | null;
}

function summaryOf(out: string): { chain: ChainRecordJson; scenario: Scenario } {
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
    chain: ChainRecordJson;
    scenario: Scenario;
  };
}

/** The engine's CSVs are complete: one row per round and per household per round. */
function expectCompleteFiles(out: string, rounds: number, households: number): void {
  const lines = (f: string) => readFileSync(join(out, f), 'utf8').trimEnd().split('\n').length;
  expect(lines('rounds.csv')).toBe(1 + rounds);
  expect(lines('households.csv')).toBe(1 + rounds * households);
  expect(existsSync(join(out, 'chain.json'))).toBe(true);
}

async function settledEvents(rpcUrl: string, market: Address): Promise<Map<bigint, number>> {
  const client = createPublicClient({ transport: http(rpcUrl) });
  const logs = await client.getContractEvents({
    address: market,
    abi: energyMarketAbi,
    eventName: 'RoundSettled',
    fromBlock: 0n,
  });
  const seen = new Map<bigint, number>();
  for (const l of logs) seen.set(l.args.round ?? -1n, (seen.get(l.args.round ?? -1n) ?? 0) + 1);
  return seen;
}

const EXP2_2DAYS = ['--scenario', 'exp2', '--days', '2'];

describe('simulate --rpc under faults', () => {
  it('retries a dropped answer at deploy and register and a dropped request at reconcile, and settles once', async () => {
    const a = await node();
    const p = await proxyTo(a);
    // The deployment's answer is lost (it landed), then the first registration's, then the
    // reconciliation's first read never reaches the node.
    p.drops.push({ method: 'eth_sendRawTransaction', phase: 'answer', times: 1 });
    p.afterSends(1, () => {
      p.drops.push({ method: 'eth_sendRawTransaction', phase: 'answer', times: 1 });
    });
    p.drops.push({
      method: 'eth_call',
      selector: toFunctionSelector('households(uint256,uint256)'),
      phase: 'request',
      times: 1,
    });
    const out = join(dir, 'dropped');
    const r = await cli([...EXP2_2DAYS, '--rpc', p.url, '--batch-rounds', '12', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/deploying the market.*retrying|retrying/);
    expect(r.stdout).toMatch(/settled 48 rounds/);
    const { chain } = summaryOf(out);
    expect(chain).toMatchObject({ status: 'settled', settledRounds: 48, reconciled: true });
    expect(chain.mismatches).toEqual([]);
    expect(p.drops.every((d) => d.times === 0)).toBe(true);
    // One market for the run, although its deployment was retried; every round settled once.
    const client = createPublicClient({ transport: http(a.rpcUrl) });
    const created = await client.getContractEvents({
      abi: energyMarketAbi,
      eventName: 'MarketCreated',
      fromBlock: 0n,
    });
    expect(created.map((l) => l.args.runId)).toEqual([chain.runId]);
    const seen = await settledEvents(a.rpcUrl, chain.contracts!.EnergyMarket);
    expect(seen.size).toBe(48);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(r.ms).toBeLessThan(60_000);
  });

  it('stops within the retry limit when the node goes away, writes every file, and the same command resumes without doubling a round', async () => {
    const a = await node();
    const p = await proxyTo(a);
    // deploy, register, then three settle calls; after that the node never answers again.
    p.afterSends(5, () => {
      p.mode = 'refuse';
    });
    const out = join(dir, 'resume');
    const args = [...EXP2_2DAYS, '--rpc', p.url, '--batch-rounds', '6', '--out', out];
    const first = await cli([...args, '--retry-seconds', '3']);
    expect(first.code).toBe(1);
    expect(first.ms).toBeLessThan(30_000);
    expect(first.stderr).toMatch(
      /error: chain: settlement stopped with (\d+) rounds confirmed on chain: the node at .* is unreachable: .*; still failing after \d s of retries\. Check that the node at .* runs and answers, then run the same command again: settlement resumes on the same market without repeating a round\./,
    );
    expect(first.stderr).not.toMatch(/0x[0-9a-f]{200}/i);
    expectCompleteFiles(out, 48, 20);
    const confirmed = Number(/stopped with (\d+) rounds/.exec(first.stderr)?.[1]);
    expect(confirmed).toBeGreaterThanOrEqual(12);
    const stopped = summaryOf(out).chain;
    expect(stopped).toMatchObject({
      status: 'stopped',
      settledRounds: confirmed,
      rounds: 48,
      stopped: { stage: 'settlement', code: 'unreachable' },
    });
    expect(stopped.runId).toMatch(/^0x[0-9a-f]{64}$/);

    // The node is back. --force and --resume exclude each other; the same command continues.
    p.mode = 'pass';
    const second = await cli(args);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/resuming run 0x/);
    // The third settle call landed although its answer never came: the chain says so now.
    const onChain = Number(/(\d+) rounds already on chain/.exec(second.stderr)?.[1]);
    expect(onChain).toBe(18);
    const done = summaryOf(out).chain;
    expect(done).toMatchObject({
      status: 'settled',
      runId: stopped.runId,
      contracts: stopped.contracts,
      resumedAt: onChain,
      settledRounds: 48,
      reconciled: true,
    });
    const seen = await settledEvents(a.rpcUrl, stopped.contracts!.EnergyMarket);
    expect(seen.size).toBe(48);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);

    // A finished run is results: the same command now refuses them unless --force.
    const third = await cli(args);
    expect(third.code).toBe(2);
    expect(third.stderr).toMatch(
      /--out: got ".*"; allowed: a directory without a run's results \(it holds summary\.json, rounds\.csv, households\.csv, chain\.json\); pass --force/,
    );
    expect((await cli([...args, '--resume'])).stderr).toMatch(
      /--resume: got .*; allowed: an --out directory whose chain\.json records an unfinished settlement/,
    );
  });

  it('refuses a node restarted without state in words, and keeps the files', async () => {
    const a = await node();
    const fresh = await node();
    const p = await proxyTo(a);
    // deploy, register, two settle calls (the first confirmed): then the same URL answers from a
    // node without state.
    p.afterSends(4, () => {
      p.target = fresh.rpcUrl;
    });
    const out = join(dir, 'restarted');
    const r = await cli([...EXP2_2DAYS, '--rpc', p.url, '--batch-rounds', '6', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(30_000);
    expect(r.stderr).toMatch(
      /error: chain: settlement stopped with 6 rounds confirmed on chain: the market 0x[0-9a-fA-F]{40} on .* has no code any more: the node lost its state \(restarted without it\)\. This run cannot continue there: run again with --force/,
    );
    expectCompleteFiles(out, 48, 20);
    expect(summaryOf(out).chain).toMatchObject({
      status: 'stopped',
      settledRounds: 6,
      stopped: { stage: 'settlement', code: 'lost-state' },
    });
  });

  it("never adopts another run's rounds at the same deterministic address", async () => {
    const a = await node();
    const other = await node();
    // Another run on the other node: the same operator's nonce 0 puts its market at the same
    // address this run's will have; it settles 240 rounds, far more than this run will have.
    const scenario = resolveScenario({ preset: 'exp2', days: 10 });
    const theirs = await createSettler({
      rpcUrl: other.rpcUrl,
      chainId: ANVIL_CHAIN_ID,
      operatorKey: devOperatorKey(ANVIL_CHAIN_ID),
      scenario,
    });
    const sim = createSimulation(scenario);
    while (!sim.done) theirs.enqueue(sim.step());
    await theirs.flush(60_000);
    theirs.close();
    const p = await proxyTo(a);
    p.afterSends(4, () => {
      p.target = other.rpcUrl;
    });
    const out = join(dir, 'other-run');
    const r = await cli([...EXP2_2DAYS, '--rpc', p.url, '--batch-rounds', '6', '--out', out]);
    expect(r.code).toBe(1);
    const { chain } = summaryOf(out);
    expect(chain.contracts?.EnergyMarket).toBe(theirs.deployment.contracts.EnergyMarket);
    expect(chain).toMatchObject({
      status: 'stopped',
      settledRounds: 6,
      stopped: { stage: 'settlement', code: 'other-run' },
    });
    expect(r.stderr).toMatch(
      /belongs to run 0x[0-9a-f]{64}, not this run \(0x[0-9a-f]{64}\).*its rounds are not adopted\. Run again with --force/,
    );
    expectCompleteFiles(out, 48, 20);
  });

  it('says the node was rolled back (evm_revert) and stops', async () => {
    const a = await node();
    const p = await proxyTo(a);
    let snapshot = '';
    p.afterSends(3, async () => {
      // Anvil answers a send before its block is mined: under load the snapshot could miss the
      // third transaction's rounds, so it waits for the pool to empty first.
      for (let i = 0; i < 200; i++) {
        const pool = (await rpc(a.rpcUrl, 'txpool_status')) as { pending: string };
        if (BigInt(pool.pending) === 0n) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      snapshot = (await rpc(a.rpcUrl, 'evm_snapshot')) as string;
    });
    p.afterSends(5, async () => {
      await rpc(a.rpcUrl, 'evm_revert', [snapshot]);
    });
    const out = join(dir, 'rolled-back');
    const r = await cli([...EXP2_2DAYS, '--rpc', p.url, '--batch-rounds', '6', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(30_000);
    expect(r.stderr).toMatch(
      /the node was rolled back: the market .* holds 6 settled rounds and 20 households, but this run had (12|18) rounds and 20 households confirmed/,
    );
    expect(summaryOf(out).chain.stopped).toMatchObject({ code: 'rolled-back' });
    expectCompleteFiles(out, 48, 20);
  });

  it('stops at a round too big for a block of the node (anvil --gas-limit 6M) instead of retrying it', async () => {
    const a = await node(['--gas-limit', '6000000']);
    const out = join(dir, 'over-gas');
    const r = await cli([
      '--scenario',
      'exp1',
      '--households',
      '1000',
      '--days',
      '1',
      '--rpc',
      a.rpcUrl,
      '--out',
      out,
    ]);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(120_000);
    expect(r.stderr).toMatch(
      /error: chain: settlement stopped with \d+ rounds confirmed on chain: round \d+ alone \(\d+ trades\) needs about \d+ gas without any household's books, more than 5400000 \(90% of the block gas limit 6000000\); a round's trades settle in one call, so it cannot be split further\. Settle on a chain with a higher block gas limit/,
    );
    expect(summaryOf(out).chain.stopped).toMatchObject({ stage: 'settlement', code: 'over-gas' });
    expectCompleteFiles(out, 24, 1000);
  });

  it('names a JSON server that is not a node, and still writes the files', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"hello":"world"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const out = join(dir, 'not-rpc');
      const r = await cli([...EXP2_2DAYS, '--rpc', `http://127.0.0.1:${port}`, '--out', out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /error: chain: the server at http:\/\/127\.0\.0\.1:\d+ answered eth_chainId with no result: it is not an Ethereum JSON-RPC node\. Point --rpc at an Ethereum JSON-RPC node/,
      );
      expect(r.stderr).not.toMatch(/BigInt/);
      expect(summaryOf(out).chain).toMatchObject({
        status: 'stopped',
        contracts: null,
        stopped: { stage: 'setup', code: 'not-rpc' },
      });
    } finally {
      await new Promise((r) => server.close(() => r(null)));
    }
  });

  it('checks --out before anything runs: an unwritable path is exit 2 and the chain sees nothing', async () => {
    const a = await node();
    const p = await proxyTo(a);
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a directory');
    for (const out of [join(file, 'run'), file, '/proc/energy-market-run']) {
      const r = await cli([...EXP2_2DAYS, '--rpc', p.url, '--out', out], 20_000);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: --out: got ".*"; allowed: a directory/);
    }
    expect([...p.seen.keys()]).toEqual([]);
  });
});

describe('a codec refusal', () => {
  it('stops settlement at once with the field named; the engine files are written', async () => {
    // A test double of a scenario: past the field table's validation (which would refuse it),
    // grid prices so high that money passes 2^53 in the first hour; only the codec stands guard.
    const args = parseSimulateArgs([...EXP2_2DAYS, '--rpc', 'http://127.0.0.1:1']);
    const a = await node();
    const unvalidated = { ...args.scenario, gridRetailPrice: 1e12, gridFeedInPrice: 0 };
    const out = join(dir, 'codec');
    const lines: string[] = [];
    const t0 = Date.now();
    const code = await runSimulate(
      {
        ...args,
        scenario: unvalidated,
        chain: { rpcUrl: a.rpcUrl, batchRounds: 6, retrySeconds: 60 },
      },
      out,
      null,
      { out: (s) => void lines.push(s), err: (s) => void lines.push(s) },
    );
    expect(code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(30_000);
    const text = lines.join('');
    expect(text).toMatch(
      /error: chain: settlement stopped with 0 rounds confirmed on chain: encoding rounds 0\.\.5: household \d+ after round 5: moneyBalance must be an exact integer \(below 2\^53 in size\), got -?\d/,
    );
    expect(summaryOf(out).chain.stopped).toMatchObject({ stage: 'settlement', code: 'codec' });
    expectCompleteFiles(out, 48, 20);
  });
});
