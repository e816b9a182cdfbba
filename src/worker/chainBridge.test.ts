import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulation, resolveScenario } from '../engine';
import { startAnvil, type AnvilHandle } from '../../script/anvil';
import { ANVIL_CHAIN_ID } from '../chain';
import { ChainBridge } from './chainBridge';
import type { ChainStatus } from './protocol';

let anvil: AnvilHandle;

beforeAll(async () => {
  anvil = await startAnvil();
});

afterAll(async () => {
  await anvil?.stop();
});

async function waitFor(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('ChainBridge on a real Anvil', () => {
  it('reports a few statuses for a burst of rounds, not one per round, and the last is exact', async () => {
    const scenario = resolveScenario({ preset: 'exp1', households: 4, days: 10, seed: 3 });
    const statuses: ChainStatus[] = [];
    const bridge = new ChainBridge(
      (s) => statuses.push(s),
      { rpcUrl: anvil.rpcUrl, chainId: ANVIL_CHAIN_ID },
      scenario,
    );
    try {
      await waitFor(() => statuses.at(-1)?.phase === 'ready', 'the settler to open');
      const before = statuses.length;
      const sim = createSimulation(scenario);
      let rounds = 0;
      while (!sim.done) {
        bridge.enqueue(sim.step());
        rounds++;
      }
      expect(rounds).toBe(240);
      await waitFor(() => statuses.at(-1)?.confirmed === rounds, 'every round confirmed');
      const last = statuses.at(-1);
      expect(last).toMatchObject({ phase: 'ready', simulated: rounds, confirmed: rounds });
      // The settler reports every queued round and every transaction; the page hears a handful.
      expect(statuses.length - before).toBeGreaterThan(0);
      expect(statuses.length - before).toBeLessThan(rounds / 10);
    } finally {
      bridge.close();
    }
  });

  it('says nothing after it is closed', async () => {
    const scenario = resolveScenario({ preset: 'exp1', households: 2, days: 1, seed: 3 });
    const statuses: ChainStatus[] = [];
    const bridge = new ChainBridge(
      (s) => statuses.push(s),
      { rpcUrl: anvil.rpcUrl, chainId: ANVIL_CHAIN_ID },
      scenario,
    );
    await waitFor(() => statuses.at(-1)?.phase === 'ready', 'the settler to open');
    const sim = createSimulation(scenario);
    bridge.enqueue(sim.step());
    bridge.close();
    const n = statuses.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(statuses.length).toBe(n);
  });
});
