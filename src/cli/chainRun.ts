/**
 * `simulate --rpc <url>`: settles every round of a CLI run on that chain and reconciles at the
 * end. Node-only (reads OPERATOR_KEY from the environment). On Anvil the operator
 * defaults to the dev mnemonic's account 0; any other chain needs OPERATOR_KEY.
 */
import { performance } from 'node:perf_hooks';
import { createPublicClient, http } from 'viem';
import {
  createSettler,
  describeMismatch,
  energyMarketAbi,
  operatorKeyFor,
  probeChainId,
  type Mismatch,
  type Settler,
} from '../chain';
import type { HouseholdState, RoundResult, Scenario } from '../engine';

export interface ChainRun {
  /** Per-round hook for runSimulation; yields to the event loop once per batch so sending overlaps simulating. */
  onRound(r: RoundResult): void | Promise<void>;
  /** Waits for every round, reconciles, and returns summary.json's `chain` section. */
  finish(): Promise<{ summary: Record<string, unknown>; mismatches: Mismatch[]; line: string }>;
}

export async function openChainRun(
  rpcUrl: string,
  scenario: Scenario,
  batchRounds: number,
  log: (s: string) => void,
): Promise<ChainRun> {
  const chainId = await probeChainId(rpcUrl).catch((e: unknown) => {
    throw new Error(`--rpc ${rpcUrl}: no JSON-RPC node answers there (${(e as Error).message})`);
  });
  const operatorKey = operatorKeyFor(chainId, process.env.OPERATOR_KEY);
  let lastError: string | null = null;
  const settler: Settler = await createSettler({
    rpcUrl,
    chainId,
    operatorKey,
    scenario,
    batchRounds,
    onStatus: (s) => {
      if (s.lastError !== lastError) {
        lastError = s.lastError;
        log(
          lastError
            ? `chain: ${lastError} (rounds kept; retrying)`
            : `chain: recovered at ${s.confirmed} rounds`,
        );
      }
    },
  });
  const start = performance.now();
  let last: readonly HouseholdState[] = [];
  return {
    onRound(r) {
      settler.enqueue(r);
      last = r.households;
      if ((r.round + 1) % batchRounds === 0) return new Promise((res) => setImmediate(res));
    },
    async finish() {
      await settler.flush();
      const settleMs = performance.now() - start;
      const mismatches = await settler.reconcile(last);
      const s = settler.status();
      const settledRounds = await createPublicClient({ transport: http(rpcUrl) }).readContract({
        address: settler.deployment.contracts.EnergyMarket,
        abi: energyMarketAbi,
        functionName: 'settledRounds',
      });
      settler.close();
      const gasPerTrade = s.trades > 0 ? Number(s.gasUsed / BigInt(s.trades)) : null;
      const summary = {
        chainId,
        rpcUrl,
        runId: settler.deployment.runId,
        contracts: settler.deployment.contracts,
        transactions: s.transactions,
        settledRounds: Number(settledRounds),
        gasUsed: s.gasUsed.toString(),
        trades: s.trades,
        gasPerTrade,
        batchRounds,
        settleMs: Math.round(settleMs),
        mismatches: mismatches.map(describeMismatch),
      };
      const line =
        `chain ${chainId}: settled ${settledRounds} rounds in ${s.transactions} transactions, ` +
        `${s.trades} trades, gas ${s.gasUsed} (${gasPerTrade ?? '-'} per trade), ` +
        `${mismatches.length} mismatches, ${Math.round(settleMs)} ms`;
      return { summary, mismatches, line };
    },
  };
}
