import { describe, expect, it } from 'vitest';
import { anvilForThisFile, waitUntil } from '../../test/support/anvil';
import { startAnvil } from '../../script/anvil';
import { createSimulation, resolveScenario } from '../engine';
import { ANVIL_CHAIN_ID } from '../chain';
import { startRpcProxy } from '../../test/support/rpcFaultProxy';
import { ChainBridge, maxUnconfirmedRounds } from './chainBridge';
import { Pacer } from './pacer';
import type { ChainStatus } from './protocol';

const anvil = anvilForThisFile();

describe('maxUnconfirmedRounds', () => {
  it('is 240,000 household-rounds, never under two simulated days', () => {
    expect(maxUnconfirmedRounds(1000)).toBe(240);
    expect(maxUnconfirmedRounds(30)).toBe(8000);
    expect(maxUnconfirmedRounds(5000)).toBe(48);
    expect(maxUnconfirmedRounds(10_000)).toBe(48);
  });
});

describe('ChainBridge on a real Anvil', () => {
  it('at full speed the chain never trails 1,000 households by more than the bound, and catches up', async () => {
    const scenario = resolveScenario({ preset: 'exp3', households: 1000, days: 11, seed: 3 });
    const statuses: ChainStatus[] = [];
    const bridge = new ChainBridge(
      (s) => statuses.push(s),
      { rpcUrl: anvil().rpcUrl, chainId: ANVIL_CHAIN_ID },
      scenario,
    );
    try {
      expect(bridge.maxBehind).toBe(240);
      await waitUntil(() => statuses.at(-1)?.phase === 'ready', 'the settler to open', 120_000);
      const sim = createSimulation(scenario);
      // One synchronous burst: no confirmation can arrive inside it, so it stops exactly at the
      // bound, however fast the node is.
      while (!sim.done && !bridge.held) bridge.enqueue(sim.step());
      expect(bridge.behind).toBe(240);
      expect(sim.round).toBe(240);

      // Then the worker's pacer at full speed, the bridge holding it, to the end of the run.
      let most = 0;
      let heldTicks = 0;
      let finished = false;
      const pacer = new Pacer(
        {
          step: () => {
            if (sim.done) return false;
            bridge.enqueue(sim.step());
            most = Math.max(most, bridge.behind);
            return true;
          },
          done: () => sim.done,
          flush: () => bridge.emit(),
          afterSlice: () => {},
          onError: (e) => {
            throw e;
          },
          onFinished: () => (finished = true),
          onPlayingChange: () => {},
          held: () => {
            const h = bridge.held;
            if (h) heldTicks++;
            return h;
          },
        },
        0,
      );
      pacer.setPlaying(true);
      await waitUntil(() => finished, 'the run to end', 120_000);
      expect(sim.round).toBe(264);
      expect(most).toBeLessThanOrEqual(240);
      expect(heldTicks, 'the pacer waited for the chain at least once').toBeGreaterThan(0);
      bridge.emit();
      expect(statuses.at(-1)?.maxBehind).toBe(240);
      await waitUntil(() => bridge.behind === 0, 'every round confirmed', 120_000);
      bridge.verify();
      await waitUntil(() => statuses.at(-1)?.reconciled != null, 'the books compared', 120_000);
      expect(statuses.at(-1)?.reconciled).toMatchObject({ ok: true, confirmed: 264 });
    } finally {
      bridge.close();
    }
  }, 300_000);

  it('reports a few statuses for a burst of rounds, not one per round, and the last is exact', async () => {
    const scenario = resolveScenario({ preset: 'exp1', households: 4, days: 10, seed: 3 });
    const statuses: ChainStatus[] = [];
    const bridge = new ChainBridge(
      (s) => statuses.push(s),
      { rpcUrl: anvil().rpcUrl, chainId: ANVIL_CHAIN_ID },
      scenario,
    );
    try {
      await waitUntil(() => statuses.at(-1)?.phase === 'ready', 'the settler to open');
      const before = statuses.length;
      const sim = createSimulation(scenario);
      let rounds = 0;
      while (!sim.done) {
        bridge.enqueue(sim.step());
        rounds++;
      }
      expect(rounds).toBe(240);
      await waitUntil(() => statuses.at(-1)?.confirmed === rounds, 'every round confirmed');
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
      { rpcUrl: anvil().rpcUrl, chainId: ANVIL_CHAIN_ID },
      scenario,
    );
    await waitUntil(() => statuses.at(-1)?.phase === 'ready', 'the settler to open');
    const sim = createSimulation(scenario);
    bridge.enqueue(sim.step());
    bridge.close();
    const n = statuses.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(statuses.length).toBe(n);
  });

  it('retries a dropped answer at deploy, then settles', async () => {
    const proxy = await startRpcProxy(anvil().rpcUrl);
    proxy.drops.push({ method: 'eth_sendRawTransaction', phase: 'answer', times: 1 });
    const scenario = resolveScenario({ preset: 'exp1', households: 2, days: 1, seed: 3 });
    const statuses: ChainStatus[] = [];
    const bridge = new ChainBridge(
      (s) => statuses.push(s),
      { rpcUrl: proxy.url, chainId: ANVIL_CHAIN_ID },
      scenario,
    );
    try {
      await waitUntil(() => statuses.at(-1)?.phase === 'ready', 'the settler to open');
      expect(proxy.drops[0]?.times).toBe(0);
      const sim = createSimulation(scenario);
      while (!sim.done) bridge.enqueue(sim.step());
      await waitUntil(() => statuses.at(-1)?.confirmed === 24, 'every round confirmed');
    } finally {
      bridge.close();
      await proxy.close();
    }
  });

  it('says in the status line when the node lost the market, and the simulation carries on', async () => {
    const fresh = await startAnvil();
    const proxy = await startRpcProxy(anvil().rpcUrl);
    const scenario = resolveScenario({ preset: 'exp1', households: 2, days: 3, seed: 3 });
    const statuses: ChainStatus[] = [];
    const bridge = new ChainBridge(
      (s) => statuses.push(s),
      { rpcUrl: proxy.url, chainId: ANVIL_CHAIN_ID },
      scenario,
    );
    try {
      await waitUntil(() => statuses.at(-1)?.phase === 'ready', 'the settler to open');
      const sim = createSimulation(scenario);
      for (let i = 0; i < 24; i++) bridge.enqueue(sim.step());
      await waitUntil(() => statuses.at(-1)?.confirmed === 24, 'the first day confirmed');
      // The same URL now answers from a node without state (a restart without --state).
      proxy.target = fresh.rpcUrl;
      while (!sim.done) bridge.enqueue(sim.step());
      await waitUntil(() => statuses.at(-1)?.phase === 'error', 'the stop to be reported');
      const last = statuses.at(-1) as ChainStatus;
      expect(last.message).toMatch(
        /^Chain stopped: settlement stopped with 24 rounds confirmed on chain: the market 0x[0-9a-fA-F]{40} on .* has no code any more: the node lost its state \(restarted without it\)\. The chain was restarted without its state; press Reset to settle a fresh run\. The simulation continues without settlement\.$/,
      );
      expect(last.lastError).toBeNull();
      expect(last.simulated).toBe(72);
      expect(last.confirmed).toBe(24);
    } finally {
      bridge.close();
      await proxy.close();
      await fresh.stop();
    }
  });

  it('stops at a codec refusal at once, naming the round and the range', async () => {
    const scenario = resolveScenario({ preset: 'exp1', households: 2, days: 1, seed: 3 });
    const statuses: ChainStatus[] = [];
    const bridge = new ChainBridge(
      (s) => statuses.push(s),
      { rpcUrl: anvil().rpcUrl, chainId: ANVIL_CHAIN_ID },
      scenario,
    );
    try {
      await waitUntil(() => statuses.at(-1)?.phase === 'ready', 'the settler to open');
      const sim = createSimulation(scenario);
      // A test double of a round: its live range is beyond what the sliders can reach (the market
      // allows 1..30 coins per 100 Wh here), so only the codec can refuse it.
      const r = sim.step();
      bridge.enqueue({ ...r, params: { ...r.params, priceMax: 31 } });
      await waitUntil(() => statuses.at(-1)?.phase === 'error', 'the refusal to be reported');
      expect(statuses.at(-1)?.message).toMatch(
        /round 0: its price range \[\d+, 31\] coins per 100 Wh lies outside the market's fixed range \[1, 30\]\. This run holds a value the chain cannot record exactly\./,
      );
      // Later rounds are still taken (and dropped): the worker never throws at the simulation.
      expect(() => bridge.enqueue(sim.step())).not.toThrow();
    } finally {
      bridge.close();
    }
  });
});
