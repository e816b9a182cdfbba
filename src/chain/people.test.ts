import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createWalletClient, http, type Hex, type PublicClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createRun, resolveScenario, type PersonOrder } from '../engine';
import { startAnvil, type AnvilHandle } from '../../script/anvil';
import { householdPrivateKey, devOperatorKey } from './accounts';
import { ANVIL_CHAIN_ID, chainFor } from './chain';
import { CodecError } from './errors';
import {
  encodeSeatLimits,
  followTakers,
  orderRefusal,
  personOrderOf,
  readPeopleRound,
  readRoundOrders,
  readTakers,
  refusalFor,
  releaseHouseholdData,
  submitOrderData,
  takeHouseholdData,
  type ChainOrder,
} from './people';
import { createSettler } from './settler';

let anvil: AnvilHandle;

beforeAll(async () => {
  anvil = await startAnvil();
});

afterAll(async () => {
  await anvil?.stop();
});

/** Sends an order from `key` as a wallet would: simulated first (the revert says why), then sent. */
async function submit(
  client: PublicClient,
  key: Hex,
  market: `0x${string}`,
  order: Omit<PersonOrder, 'household'>,
): Promise<void> {
  const account = privateKeyToAccount(key);
  const data = submitOrderData(order);
  await client.call({ account, to: market, data });
  const wallet = createWalletClient({
    account,
    chain: chainFor(ANVIL_CHAIN_ID, anvil.rpcUrl),
    transport: http(anvil.rpcUrl),
  });
  const hash = await wallet.sendTransaction({ to: market, data });
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  expect(receipt.status).toBe('success');
}

async function refusal(p: Promise<unknown>): Promise<ReturnType<typeof orderRefusal>> {
  try {
    await p;
  } catch (e) {
    return orderRefusal(e);
  }
  throw new Error('the order was accepted');
}

describe('seat limits', () => {
  it('packs index, buy and sell limits in ascending households and refuses what does not fit', () => {
    expect(
      encodeSeatLimits([
        { household: 3, maxBuyWh: 200, maxSellWh: 0 },
        { household: 1, maxBuyWh: 0, maxSellWh: 700 },
      ]),
    ).toEqual([1n | (700n << 72n), 3n | (200n << 32n)]);
    expect(() => encodeSeatLimits([{ household: 1, maxBuyWh: 2 ** 40, maxSellWh: 0 }])).toThrow(
      CodecError,
    );
    expect(() =>
      encodeSeatLimits([
        { household: 1, maxBuyWh: 1, maxSellWh: 0 },
        { household: 1, maxBuyWh: 1, maxSellWh: 0 },
      ]),
    ).toThrow(/two seats/);
  });

  it('takes a chain price between whole coins on the side that keeps the limit', () => {
    const base: ChainOrder = {
      round: 4,
      household: 2,
      account: '0x0000000000000000000000000000000000000001',
      side: 'buy',
      amountWh: 300,
      pricePerWh: 45_000,
      transactionHash: '0x00',
      blockNumber: 1,
    };
    expect(personOrderOf(base)).toEqual({
      round: 4,
      household: 2,
      side: 'buy',
      energyWh: 300,
      price: 4,
    });
    expect(personOrderOf({ ...base, side: 'sell' }).price).toBe(5);
    expect(personOrderOf({ ...base, pricePerWh: 50_000 }).price).toBe(5);
  });
});

describe('a round opened for people on a real Anvil', () => {
  it('takes the seated households’ orders, refuses the rest in words, and settles to the engine’s books', async () => {
    const scenario = resolveScenario({ preset: 'exp3', households: 4, days: 1, seed: 9 });
    const settler = await createSettler({
      rpcUrl: anvil.rpcUrl,
      chainId: ANVIL_CHAIN_ID,
      operatorKey: devOperatorKey(ANVIL_CHAIN_ID),
      scenario,
    });
    const client = createPublicClient({ transport: http(anvil.rpcUrl) }) as PublicClient;
    const market = settler.deployment.contracts.EnergyMarket;
    try {
      const run = createRun(scenario);
      for (let t = 0; t < 10; t++) settler.enqueue(run.step());
      const open = run.begin();
      const t = open.round;
      const { priceMin, priceMax } = open.params;
      const seats = [0, 1, 2].map((i) => open.seat(i));
      await settler.openRound(
        t,
        priceMin,
        priceMax,
        seats.map((s) => ({
          household: s.household,
          maxBuyWh: s.maxBuyWh,
          maxSellWh: s.maxSellWh,
        })),
      );
      expect(await readPeopleRound(client, market, t)).toMatchObject({
        opened: true,
        open: true,
        orders: 0,
      });

      // Household 0 buys at the top of the range, household 1 sells what it can (or buys).
      const s1 = seats[1]!;
      const o0 = { round: t, side: 'buy' as const, energyWh: 100, price: priceMax };
      const o1 =
        s1.maxSellWh >= 100
          ? { round: t, side: 'sell' as const, energyWh: 100, price: priceMin }
          : { round: t, side: 'buy' as const, energyWh: 100, price: priceMin };
      await submit(client, householdPrivateKey(0, ANVIL_CHAIN_ID), market, o0);
      await submit(client, householdPrivateKey(1, ANVIL_CHAIN_ID), market, o1);

      const again = await refusal(
        submit(client, householdPrivateKey(0, ANVIL_CHAIN_ID), market, o0),
      );
      expect(again.error).toBe('AlreadySubmitted');
      expect(again.text).toMatch(/already placed its one order/);
      const noSeat = await refusal(
        submit(client, householdPrivateKey(3, ANVIL_CHAIN_ID), market, o0),
      );
      expect(noSeat.error).toBe('HouseholdNotInRound');
      // Not a household's account at all: an account that owns no household.
      const stranger = await refusal(
        submit(client, householdPrivateKey(40, ANVIL_CHAIN_ID), market, o0),
      );
      expect(stranger.error).toBe('NotAHousehold');
      expect(stranger.text).toMatch(/not the registered account of any household/);
      const dear = await refusal(
        submit(client, householdPrivateKey(2, ANVIL_CHAIN_ID), market, {
          ...o0,
          price: priceMax + 1,
        }),
      );
      expect(dear.error).toBe('PriceOutOfRange');
      expect(dear.text).toContain(`outside the round's range [${priceMin}, ${priceMax}]`);

      await settler.closeRound(t);
      const late = await refusal(
        submit(client, householdPrivateKey(1, ANVIL_CHAIN_ID), market, o1),
      );
      expect(late.error).toBe('RoundAlreadyClosed');
      expect(late.text).toMatch(/too late/);

      const orders = await readRoundOrders(client, market, t);
      expect(orders.map((o) => [o.household, o.side, o.amountWh])).toEqual([
        [0, 'buy', 100],
        [1, o1.side, 100],
      ]);
      const people = orders.map(personOrderOf);
      expect(people[0]).toEqual({ ...o0, household: 0 });
      const r = run.finish(people);
      expect(r.orders.filter((o) => o.person).map((o) => o.agent)).toEqual(
        r.orders.filter((o) => o.agent <= 1).map((o) => o.agent),
      );
      settler.enqueue(r);
      while (!run.done) settler.enqueue(run.step());
      await settler.flush(60_000);
      expect(await settler.reconcile()).toEqual([]);
    } finally {
      settler.close();
    }
  });

  it('refuses a take-over and a hand-back in their own words, naming the error and what to do', async () => {
    const scenario = resolveScenario({ preset: 'exp3', households: 4, days: 1, seed: 2 });
    const settler = await createSettler({
      rpcUrl: anvil.rpcUrl,
      chainId: ANVIL_CHAIN_ID,
      operatorKey: devOperatorKey(ANVIL_CHAIN_ID),
      scenario,
    });
    const client = createPublicClient({ transport: http(anvil.rpcUrl) }) as PublicClient;
    const market = settler.deployment.contracts.EnergyMarket;
    /** Asks the chain as a wallet does first; the refusal in the words for what was asked. */
    const ask = async (household: number, data: Hex) => {
      const account = privateKeyToAccount(householdPrivateKey(household, ANVIL_CHAIN_ID));
      try {
        await client.call({ account, to: market, data });
      } catch (e) {
        return refusalFor(data, e);
      }
      const wallet = createWalletClient({
        account,
        chain: chainFor(ANVIL_CHAIN_ID, anvil.rpcUrl),
        transport: http(anvil.rpcUrl),
      });
      const hash = await wallet.sendTransaction({ to: market, data });
      expect((await client.waitForTransactionReceipt({ hash, pollingInterval: 50 })).status).toBe(
        'success',
      );
      return null;
    };
    try {
      const follower = followTakers(client, market);
      expect(await ask(2, takeHouseholdData())).toBeNull();
      expect([...(await follower.read())]).toEqual([
        [2, privateKeyToAccount(householdPrivateKey(2, ANVIL_CHAIN_ID)).address],
      ]);

      const twice = await ask(2, takeHouseholdData());
      expect(twice?.error).toBe('HouseholdAlreadyTaken');
      expect(twice?.text).toMatch(
        /^The market refused to hand over household 2 \(HouseholdAlreadyTaken\): household 2 is already taken over by this account .*let the agent act first/,
      );
      const stranger = await ask(40, takeHouseholdData());
      expect(stranger?.error).toBe('NotAHousehold');
      expect(stranger?.text).toMatch(
        /^The market refused to hand over a household \(NotAHousehold\): account 0x[0-9a-fA-F]{40} is not the registered account of any household, so it cannot take one over; connect the wallet of a household's own account\.$/,
      );
      const notTaken = await ask(3, releaseHouseholdData());
      expect(notTaken?.error).toBe('HouseholdNotTaken');
      expect(notTaken?.text).toMatch(
        /^The market refused to hand household 3 back to its agent \(HouseholdNotTaken\): household 3 is already played by its agent, so there is nothing to hand back; take it over first\.$/,
      );
      const strangerBack = await ask(40, releaseHouseholdData());
      expect(strangerBack?.text).toMatch(
        /^The market refused to hand a household back .*cannot hand one back/,
      );
      // An order is still refused as an order.
      const order = await ask(
        1,
        submitOrderData({ round: 0, side: 'buy', energyWh: 100, price: 1 }),
      );
      expect(order?.text).toMatch(/^The market refused the order \(RoundNotOpen\)/);
      // Not the market's refusal at all: what failed, in the words for what was asked.
      expect(refusalFor(takeHouseholdData(), new Error('user rejected')).text).toBe(
        'The take-over was not sent: user rejected',
      );

      expect(await ask(2, releaseHouseholdData())).toBeNull();
      expect((await follower.read()).size).toBe(0);
      // The follower read only the blocks since its last read; one read from 0 agrees.
      expect((await readTakers(client, market)).size).toBe(0);
    } finally {
      settler.close();
    }
  });
});
