import { describe, expect, it } from 'vitest';
import { anvilForThisFile, waitUntil } from '../../test/support/anvil';
import { createPublicClient, http, type Address } from 'viem';
import { createSimulation, resolveScenario, type Scenario, type RoundResult } from '../engine';
import { devOperatorKey } from './accounts';
import { estimateSettleGas } from './batching';
import { ANVIL_CHAIN_ID } from './chain';
import { energyCoinAbi, energyMarketAbi } from './contracts';
import { booksHash } from './booksHash';
import { describeMismatch } from './reconcile';
import { createSettler } from './settler';
import type { SettlementStatus } from './types';
import { startRpcProxy } from '../../test/support/rpcFaultProxy';

const anvil = anvilForThisFile();

function simulate(scenario: Scenario): RoundResult[] {
  const sim = createSimulation(scenario);
  const out: RoundResult[] = [];
  while (!sim.done) out.push(sim.step());
  return out;
}

async function roundsSettledOnce(rpcUrl: string, market: Address): Promise<Map<bigint, number>> {
  const client = createPublicClient({ transport: http(rpcUrl) });
  const logs = await client.getContractEvents({
    address: market,
    abi: energyMarketAbi,
    eventName: 'RoundSettled',
    fromBlock: 0n,
  });
  const seen = new Map<bigint, number>();
  for (const l of logs) {
    const r = l.args.round as bigint;
    seen.set(r, (seen.get(r) ?? 0) + 1);
  }
  return seen;
}

describe('createSettler on a real Anvil', () => {
  it('settles three days of exp2 in batches and the chain books equal the engine exactly', async () => {
    const scenario = resolveScenario({ preset: 'exp2', days: 3 });
    const rounds = simulate(scenario);
    const statuses: SettlementStatus[] = [];
    const settler = await createSettler({
      rpcUrl: anvil().rpcUrl,
      chainId: ANVIL_CHAIN_ID,
      operatorKey: devOperatorKey(ANVIL_CHAIN_ID),
      scenario,
      batchRounds: 24,
      onStatus: (s) => statuses.push(s),
    });
    for (const r of rounds) settler.enqueue(r);
    expect(settler.status().simulated).toBe(72);
    await settler.flush(60_000);
    const status = settler.status();
    expect(status.confirmed).toBe(72);
    expect(status.lastError).toBeNull();
    expect(status.transactions).toBeGreaterThanOrEqual(3);
    expect(status.transactions).toBeLessThan(72);
    const engineTrades = rounds.reduce((s, r) => s + r.trades.length, 0);
    expect(engineTrades).toBeGreaterThan(0);
    expect(status.trades).toBe(engineTrades);
    expect(statuses.some((s) => s.sent > s.confirmed)).toBe(true);

    // The batching estimate must bound what the chain charged, or batches could exceed blocks.
    let bound = 0;
    for (let i = 0; i < rounds.length; i += 24) {
      const batch = rounds.slice(i, i + 24);
      const touched = new Set(batch.flatMap((r) => r.trades.flatMap((t) => [t.buyer, t.seller])));
      bound += estimateSettleGas({
        rounds: batch.length,
        trades: batch.reduce((s, r) => s + r.trades.length, 0),
        touched: touched.size,
        updates: 20,
        households: 20,
      });
    }
    expect(status.gasUsed).toBeLessThanOrEqual(BigInt(bound));

    const final = (rounds.at(-1) as RoundResult).households;
    expect(settler.lastBooksHash).toBeNull();
    const mismatches = await settler.reconcile(final);
    expect(mismatches.map(describeMismatch)).toEqual([]);
    // Books that reconcile hash the same read from the chain as taken from the engine.
    expect(settler.lastBooksHash).toBe(booksHash(final));

    const client = createPublicClient({ transport: http(anvil().rpcUrl) });
    const { EnergyCoin, EnergyMarket } = settler.deployment.contracts;
    const settled = await client.readContract({
      address: EnergyMarket,
      abi: energyMarketAbi,
      functionName: 'settledRounds',
    });
    expect(settled).toBe(72n);
    for (const i of [0, 7, 19]) {
      const bal = await client.readContract({
        address: EnergyCoin,
        abi: energyCoinAbi,
        functionName: 'balanceOf',
        args: [settler.accounts[i] as Address],
      });
      expect(bal).toBe(BigInt((final[i] as { coinBalance: number }).coinBalance));
    }
    // A reconciliation against a state that differs must name the household and field.
    const wrong = final.map((h) => (h.index === 3 ? { ...h, batteryWh: h.batteryWh + 1 } : h));
    const found = await settler.reconcile(wrong);
    expect(found).toEqual([
      {
        household: 3,
        field: 'batteryWh',
        expected: String((final[3] as { batteryWh: number }).batteryWh + 1),
        actual: String((final[3] as { batteryWh: number }).batteryWh),
      },
    ]);
    settler.close();
  });

  it('loses and doubles no round when the RPC drops requests and answers mid-run', async () => {
    const scenario = resolveScenario({ preset: 'exp2', days: 2, households: 8 });
    const rounds = simulate(scenario);
    const proxy = await startRpcProxy(anvil().rpcUrl);
    try {
      const settler = await createSettler({
        rpcUrl: proxy.url,
        chainId: ANVIL_CHAIN_ID,
        operatorKey: devOperatorKey(ANVIL_CHAIN_ID),
        scenario,
        batchRounds: 6,
        retry: { firstDelayMs: 50 },
      });
      const market = settler.deployment.contracts.EnergyMarket;
      for (const r of rounds.slice(0, 12)) settler.enqueue(r);
      await settler.flush(30_000);
      expect(settler.status().confirmed).toBe(12);

      // The node is unreachable: the simulation goes on, the queue keeps every round.
      proxy.mode = 'refuse';
      for (const r of rounds.slice(12, 24)) settler.enqueue(r);
      await waitUntil(() => settler.status().lastError !== null, 'an error to be reported');
      expect(settler.status().lastError).toMatch(/unreachable|fetch|socket|closed/i);
      expect(settler.status().confirmed).toBe(12);
      expect(settler.status().simulated).toBe(24);
      await expect(settler.flush(100)).rejects.toThrow(
        /12 of 24 rounds confirmed; last error: the node at .* is unreachable/,
      );

      // Requests arrive but answers are lost: transactions land while the settler sees errors.
      proxy.mode = 'lose-send-answers';
      for (const r of rounds.slice(24, 36)) settler.enqueue(r);
      await waitUntil(
        () => proxy.lost >= 2,
        'two transactions sent whose answers were lost',
        40_000,
      );
      proxy.mode = 'pass';
      for (const r of rounds.slice(36)) settler.enqueue(r);
      await settler.flush(60_000);

      const status = settler.status();
      expect(status.confirmed).toBe(48);
      expect(status.lastError).toBeNull();
      const seen = await roundsSettledOnce(anvil().rpcUrl, market);
      expect(seen.size).toBe(48);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      const mismatches = await settler.reconcile((rounds.at(-1) as RoundResult).households);
      expect(mismatches.map(describeMismatch)).toEqual([]);
      settler.close();
    } finally {
      proxy.mode = 'pass';
      await proxy.close();
    }
  });

  it('reports a node lost while a receipt is awaited, then confirms that transaction once', async () => {
    const scenario = resolveScenario({ preset: 'exp1' });
    const rounds = simulate(scenario);
    const proxy = await startRpcProxy(anvil().rpcUrl);
    try {
      const settler = await createSettler({
        rpcUrl: proxy.url,
        chainId: ANVIL_CHAIN_ID,
        operatorKey: devOperatorKey(ANVIL_CHAIN_ID),
        scenario,
        batchRounds: 24,
        retry: { firstDelayMs: 50 },
      });
      proxy.mode = 'refuse-after-send';
      for (const r of rounds.slice(0, 24)) settler.enqueue(r);
      await waitUntil(() => settler.status().lastError !== null, 'the lost node to be reported');
      expect(proxy.mode).toBe('refuse');
      expect(settler.status().confirmed).toBe(0);
      proxy.mode = 'pass';
      for (const r of rounds.slice(24)) settler.enqueue(r);
      await settler.flush(30_000);
      const status = settler.status();
      expect(status.confirmed).toBe(rounds.length);
      // The first transaction's receipt was found after recovery, so its gas is counted too.
      expect(status.transactions).toBe(Math.ceil(rounds.length / 24));
      const seen = await roundsSettledOnce(
        anvil().rpcUrl,
        settler.deployment.contracts.EnergyMarket,
      );
      expect(seen.size).toBe(rounds.length);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      expect(await settler.reconcile()).toEqual([]);
      settler.close();
    } finally {
      proxy.mode = 'pass';
      await proxy.close();
    }
  });

  it('waits out a frozen node (SIGSTOP) and resumes after SIGCONT', async () => {
    const scenario = resolveScenario({ preset: 'exp1' });
    const rounds = simulate(scenario);
    const settler = await createSettler({
      rpcUrl: anvil().rpcUrl,
      chainId: ANVIL_CHAIN_ID,
      operatorKey: devOperatorKey(ANVIL_CHAIN_ID),
      scenario,
      batchRounds: 4,
      retry: { firstDelayMs: 50 },
    });
    anvil().pause();
    try {
      for (const r of rounds) settler.enqueue(r);
      await waitUntil(
        () => settler.status().lastError !== null,
        'the frozen node to be reported',
        40_000,
      );
      expect(settler.status().confirmed).toBe(0);
    } finally {
      anvil().resume();
    }
    await settler.flush(60_000);
    expect(settler.status().confirmed).toBe(rounds.length);
    const seen = await roundsSettledOnce(anvil().rpcUrl, settler.deployment.contracts.EnergyMarket);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(seen.size).toBe(rounds.length);
    expect(await settler.reconcile()).toEqual([]);
    settler.close();
  });

  it('splits the queue so no transaction exceeds the gas budget', async () => {
    const scenario = resolveScenario({ preset: 'exp1' });
    const rounds = simulate(scenario);
    const settler = await createSettler({
      rpcUrl: anvil().rpcUrl,
      chainId: ANVIL_CHAIN_ID,
      operatorKey: devOperatorKey(ANVIL_CHAIN_ID),
      scenario,
      maxGasPerTx: estimateSettleGas({
        rounds: 10,
        trades: 0,
        touched: 0,
        updates: 2,
        households: 2,
      }),
    });
    for (const r of rounds) settler.enqueue(r);
    await settler.flush(60_000);
    expect(settler.status().confirmed).toBe(rounds.length);
    expect(settler.status().transactions).toBeGreaterThanOrEqual(Math.ceil(rounds.length / 10));
    expect(await settler.reconcile()).toEqual([]);
    settler.close();
  });

  it('reuses a given pair only while its books are fresh', async () => {
    const scenario = resolveScenario({ preset: 'exp1' });
    const base = {
      rpcUrl: anvil().rpcUrl,
      chainId: ANVIL_CHAIN_ID,
      operatorKey: devOperatorKey(ANVIL_CHAIN_ID),
      scenario,
    };
    const first = await createSettler(base);
    const second = await createSettler({ ...base, deployment: first.deployment });
    expect(second.deployment.runId).not.toBe(first.deployment.runId);
    expect(second.deployment.contracts.EnergyMarket).not.toBe(
      first.deployment.contracts.EnergyMarket,
    );
    first.close();
    second.close();
  });

  it('sends the books of a round too big for the budget ahead in update-only calls', async () => {
    const scenario = resolveScenario({ preset: 'exp1', households: 40, days: 1 });
    const rounds = simulate(scenario);
    // A budget of about 20 households' books per call: each round's 40 updates need a split.
    const maxGasPerTx = estimateSettleGas({
      rounds: 1,
      trades: 0,
      touched: 0,
      updates: 20,
      households: 40,
    });
    const settler = await createSettler({
      rpcUrl: anvil().rpcUrl,
      chainId: ANVIL_CHAIN_ID,
      operatorKey: devOperatorKey(ANVIL_CHAIN_ID),
      scenario,
      maxGasPerTx,
    });
    for (const r of rounds) settler.enqueue(r);
    await settler.flush(60_000);
    const seen = await roundsSettledOnce(anvil().rpcUrl, settler.deployment.contracts.EnergyMarket);
    expect(seen.size).toBe(24);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    // More transactions than settle calls: the rest carried books only.
    expect(settler.status().transactions).toBeGreaterThan(24);
    expect((await settler.reconcile()).map(describeMismatch)).toEqual([]);
    settler.close();
  });

  it('resumes on its own market: rounds already settled are not sent again', async () => {
    const scenario = resolveScenario({ preset: 'exp2', days: 2, households: 6 });
    const rounds = simulate(scenario);
    const base = {
      rpcUrl: anvil().rpcUrl,
      chainId: ANVIL_CHAIN_ID,
      operatorKey: devOperatorKey(ANVIL_CHAIN_ID),
      scenario,
      batchRounds: 12,
    };
    const first = await createSettler(base);
    for (const r of rounds.slice(0, 24)) first.enqueue(r);
    await first.flush(30_000);
    first.close();
    const second = await createSettler({ ...base, resume: first.deployment });
    expect(second.resumedAt).toBe(24);
    expect(second.deployment).toEqual(first.deployment);
    for (const r of rounds) second.enqueue(r);
    await second.flush(30_000);
    expect(second.status().confirmed).toBe(48);
    const seen = await roundsSettledOnce(anvil().rpcUrl, first.deployment.contracts.EnergyMarket);
    expect(seen.size).toBe(48);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect((await second.reconcile()).map(describeMismatch)).toEqual([]);
    second.close();
    // Another run's id at the same market is refused, not adopted.
    const wrong = { ...first.deployment, runId: `0x${'77'.repeat(32)}` as const };
    await expect(createSettler({ ...base, resume: wrong })).rejects.toMatchObject({
      code: 'other-run',
      message: expect.stringMatching(/cannot resume on 0x[0-9a-fA-F]{40} .*belongs to run/),
    });
  });
});
