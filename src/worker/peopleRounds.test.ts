import { describe, expect, it } from 'vitest';
import { anvilForThisFile, waitUntil } from '../../test/support/anvil';
import { createPublicClient, createWalletClient, http, type PublicClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createRun, resolveScenario } from '../engine';
import {
  ANVIL_CHAIN_ID,
  chainFor,
  energyMarketAbi,
  householdPrivateKey,
  readPeopleRound,
  releaseHouseholdData,
  submitOrderData,
  takeHouseholdData,
} from '../chain';
import { ChainBridge } from './chainBridge';
import { PeopleRounds } from './peopleRounds';
import type { ChainStatus, PeopleRoundView } from './protocol';

const anvil = anvilForThisFile();

describe('rounds that wait for people, on a real Anvil', () => {
  it('opens each round on chain, closes it once every participant submitted or at the deadline, and clears with the chain’s orders', async () => {
    const scenario = resolveScenario({ preset: 'exp3', households: 4, days: 1, seed: 4 });
    const statuses: ChainStatus[] = [];
    const bridge = new ChainBridge(
      (st) => statuses.push(st),
      { rpcUrl: anvil().rpcUrl, chainId: ANVIL_CHAIN_ID },
      scenario,
    );
    const client = createPublicClient({ transport: http(anvil().rpcUrl) }) as PublicClient;
    try {
      await waitUntil(() => statuses.at(-1)?.phase === 'ready', 'the settler to open');
      const chain = bridge.people();
      expect(chain).not.toBeNull();
      const run = createRun(scenario);
      for (let t = 0; t < 8; t++) bridge.enqueue(run.step());
      const views: PeopleRoundView[] = [];
      const people = new PeopleRounds(run, chain!, (v) => views.push(v));
      const key = householdPrivateKey(1, ANVIL_CHAIN_ID);
      const account = privateKeyToAccount(key);
      const wallet = createWalletClient({
        account,
        chain: chainFor(ANVIL_CHAIN_ID, anvil().rpcUrl),
        transport: http(anvil().rpcUrl),
      });
      // The chain is the one record of who plays: household 1 takes itself over from its wallet.
      await client.waitForTransactionReceipt({
        hash: await wallet.sendTransaction({
          to: chain!.market as `0x${string}`,
          data: takeHouseholdData(),
        }),
        pollingInterval: 50,
      });
      expect(await people.refreshTakers()).toBe(true);
      expect([...people.participants]).toEqual([[1, account.address]]);
      expect(people.setSeconds(1)).toMatch(/allowed: an integer in \[2, 600\]/);
      expect(people.setSeconds(30)).toBeNull();

      // Round 8: the participant submits as soon as the round is open; the round closes then,
      // well before its 30 s.
      const started = Date.now();
      const playing = people.playRound();
      await waitUntil(() => views.at(-1)?.phase === 'open', 'round 8 to open');
      const open = views.at(-1)!;
      expect(open.round).toBe(8);
      expect(open.seats.map((x) => x.household)).toEqual([1]);
      expect(open.remainingMs).toBeLessThanOrEqual(30_000);
      // The deadline is on chain too, for every participant's countdown: 30 s on the chain's clock.
      const onChain8 = await readPeopleRound(client, open.market as `0x${string}`, 8);
      expect(onChain8.deadline).toBeGreaterThanOrEqual(Math.floor(started / 1000) + 29);
      expect(onChain8.deadline).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 31);
      const seat = open.seats[0]!;
      const side = seat.maxSellWh >= 100 ? 'sell' : 'buy';
      const price = side === 'sell' ? open.priceMin : open.priceMax;
      const hash = await wallet.sendTransaction({
        to: open.market as `0x${string}`,
        data: submitOrderData({ round: 8, side, energyWh: 100, price }),
      });
      await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
      const r8 = await playing;
      expect(Date.now() - started).toBeLessThan(20_000);
      const mine = r8.orders.filter((o) => o.person);
      expect(mine).toEqual([
        expect.objectContaining({ agent: 1, side, energyWh: 100, price, person: true }),
      ]);
      const cleared = views.at(-1)!;
      expect(cleared.phase).toBe('cleared');
      expect(cleared.results).toEqual([
        expect.objectContaining({ household: 1, side, energyWh: 100, price }),
      ]);
      expect(cleared.score).toEqual([expect.objectContaining({ household: 1, orders: 1 })]);
      // The same score went on chain for the participants' pages, after round 8 (9 rounds).
      const posted = await client.getContractEvents({
        address: open.market as `0x${string}`,
        abi: energyMarketAbi,
        eventName: 'ScoresPosted',
        fromBlock: 0n,
      });
      expect(posted.map((l) => l.args)).toEqual([
        {
          rounds: 9n,
          households: [1n],
          you: [BigInt(cleared.score[0]!.you)],
          agent: [BigInt(cleared.score[0]!.agent)],
        },
      ]);
      bridge.enqueue(r8);

      // Round 9: nobody submits; the deadline closes it and the agent's order stands.
      expect(people.setSeconds(2)).toBeNull();
      const t0 = Date.now();
      const r9 = await people.playRound();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1_900);
      expect(r9.orders.some((o) => o.person)).toBe(false);
      bridge.enqueue(r9);

      // Round 10: paused, the countdown stands still; the person lets the agent act instead.
      people.setPaused(true);
      const r10p = people.playRound();
      await waitUntil(
        () => views.at(-1)?.round === 10 && views.at(-1)?.phase === 'open',
        'round 10',
      );
      await new Promise((r) => setTimeout(r, 2_500));
      expect(views.at(-1)).toMatchObject({
        round: 10,
        phase: 'open',
        paused: true,
        deadlineAtMs: null,
      });
      // Paused on chain as well: no deadline, so a participant's order is still taken.
      expect((await readPeopleRound(client, open.market as `0x${string}`, 10)).deadline).toBe(0);
      people.pass(1);
      const r10 = await r10p;
      expect(r10.orders.some((o) => o.person)).toBe(false);
      bridge.enqueue(r10);

      people.release(1);
      expect(people.active).toBe(false);
      while (!run.done) bridge.enqueue(run.step());
      await waitUntil(() => statuses.at(-1)?.confirmed === 24, 'every round confirmed', 60_000);
      bridge.verify();
      await waitUntil(() => statuses.at(-1)?.reconciled !== null, 'the books reconciled', 60_000);
      expect(statuses.at(-1)?.reconciled).toMatchObject({ ok: true, mismatches: [] });
    } finally {
      bridge.close();
    }
  });

  it('follows the chain: a household taken from its own wallet gets a seat, and leaves when released there', async () => {
    const scenario = resolveScenario({ preset: 'exp3', households: 4, days: 1, seed: 5 });
    const statuses: ChainStatus[] = [];
    const bridge = new ChainBridge(
      (st) => statuses.push(st),
      { rpcUrl: anvil().rpcUrl, chainId: ANVIL_CHAIN_ID },
      scenario,
    );
    const client = createPublicClient({ transport: http(anvil().rpcUrl) }) as PublicClient;
    try {
      await waitUntil(() => statuses.at(-1)?.phase === 'ready', 'the settler to open');
      const chain = bridge.people()!;
      const run = createRun(scenario);
      for (let t = 0; t < 3; t++) bridge.enqueue(run.step());
      const views: PeopleRoundView[] = [];
      const people = new PeopleRounds(run, chain, (v) => views.push(v));
      expect(await people.refreshTakers()).toBe(false);
      expect(people.active).toBe(false);

      const account = privateKeyToAccount(householdPrivateKey(2, ANVIL_CHAIN_ID));
      const wallet = createWalletClient({
        account,
        chain: chainFor(ANVIL_CHAIN_ID, anvil().rpcUrl),
        transport: http(anvil().rpcUrl),
      });
      const send = async (data: `0x${string}`) =>
        client.waitForTransactionReceipt({
          hash: await wallet.sendTransaction({ to: chain.market as `0x${string}`, data }),
          pollingInterval: 50,
        });
      await send(takeHouseholdData());
      expect(await people.refreshTakers()).toBe(true);
      expect([...people.participants]).toEqual([[2, account.address]]);

      expect(people.setSeconds(2)).toBeNull();
      const r3 = await people.playRound();
      expect(views.find((v) => v.phase === 'open')?.seats.map((x) => x.household)).toEqual([2]);
      expect(r3.round).toBe(3);
      bridge.enqueue(r3);

      await send(releaseHouseholdData());
      expect(await people.refreshTakers()).toBe(true);
      expect(people.active).toBe(false);
    } finally {
      bridge.close();
    }
  });
});
