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
  orderRefusal,
  personOrderOf,
  readPeopleRound,
  readRoundOrders,
  submitOrderData,
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
});
