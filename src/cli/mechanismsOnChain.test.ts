/**
 * Every other mechanism settles on a real chain through the same path as uniform and loyalty:
 * a short run of each is settled on a private Anvil and the chain's books must equal the
 * engine's exactly, McAfee's two-price trades included (its surplus goes to the operator).
 */
import { describe, expect, it } from 'vitest';
import { anvilForThisFile } from '../../test/support/anvil';
import { createPublicClient, http, type Address } from 'viem';
import {
  ANVIL_CHAIN_ID,
  createSettler,
  describeMismatch,
  devOperatorKey,
  energyCoinAbi,
} from '../chain';
import {
  createMechanism,
  createSimulation,
  MECHANISM_NAMES,
  resolveScenario,
  type RoundResult,
} from '../engine';
import { privateKeyToAccount } from 'viem/accounts';

const anvil = anvilForThisFile();

describe('extra mechanisms on chain', () => {
  // uniform and loyalty settle in the settler's and the CLI's own tests.
  for (const auction of MECHANISM_NAMES.filter((m) => m !== 'uniform' && m !== 'loyalty')) {
    it(`settles ${auction} and the chain's books equal the engine's`, async () => {
      const scenario = resolveScenario({ preset: 'exp2', days: 2, households: 10, auction });
      const mechanism = createMechanism(auction, {
        priceMin: scenario.priceMin,
        priceMax: scenario.priceMax,
      });
      const sim = createSimulation(scenario, { mechanism });
      const rounds: RoundResult[] = [];
      while (!sim.done) rounds.push(sim.step());
      expect(rounds.reduce((s, r) => s + r.trades.length, 0)).toBeGreaterThan(0);
      const surplus = rounds.reduce((s, r) => s + r.auctioneerSurplus, 0);
      if (auction === 'mcafee') expect(surplus).toBeGreaterThan(0);
      else expect(surplus).toBe(0);

      const operatorKey = devOperatorKey(ANVIL_CHAIN_ID);
      const settler = await createSettler({
        rpcUrl: anvil().rpcUrl,
        chainId: ANVIL_CHAIN_ID,
        operatorKey,
        scenario,
        batchRounds: 24,
      });
      try {
        for (const r of rounds) settler.enqueue(r);
        await settler.flush(60_000);
        expect(settler.status().lastError).toBeNull();
        expect(settler.status().confirmed).toBe(rounds.length);
        const final = (rounds.at(-1) as RoundResult).households;
        expect((await settler.reconcile(final)).map(describeMismatch)).toEqual([]);
        // The auctioneer's surplus is what the operator holds in coins (each run has fresh books).
        const client = createPublicClient({ transport: http(anvil().rpcUrl) });
        const operatorCoins = await client.readContract({
          address: settler.deployment.contracts.EnergyCoin,
          abi: energyCoinAbi,
          functionName: 'balanceOf',
          args: [privateKeyToAccount(operatorKey).address as Address],
        });
        expect(operatorCoins).toBe(BigInt(surplus));
      } finally {
        settler.close();
      }
    });
  }
});
