import { describe, expect, it } from 'vitest';
import type { Address } from 'viem';
import {
  accountOf,
  logChain,
  orderEvent,
  takeEvent,
  type StandInLog,
  type StateRead,
} from '../../test/support/logChain';
import { followLiveMarket } from './follow';
import { encodeSeatLimits } from './people';

const MARKET = '0x00000000000000000000000000000000000000aa' as Address;
const COIN = '0x00000000000000000000000000000000000000cc' as Address;
const HOUSEHOLDS = 8;

/**
 * The market's state at a block, from the stand-in's logs up to it, as the contract keeps it:
 * rounds settled (RoundSettled), each round opened for people (RoundOpened, RoundClosed,
 * DeadlineSet, its orders), and books that move with the rounds settled so that a pairing of
 * books with the wrong round shows.
 */
function marketState(logsUpTo: (block: bigint) => StandInLog[], head: () => bigint) {
  return (r: StateRead): unknown => {
    const logs = logsUpTo(r.blockNumber ?? head());
    // Rounds settle in order from 0: one past the last settled.
    const last = logs.filter((l) => l.eventName === 'RoundSettled').at(-1);
    const settled = last ? (last.args.round as bigint) + 1n : 0n;
    const arg = r.args[0];
    switch (r.functionName) {
      case 'householdCount':
        return BigInt(HOUSEHOLDS);
      case 'settledRounds':
        return settled;
      case 'coin':
        return COIN;
      case 'indexOf': {
        const i = Array.from({ length: HOUSEHOLDS }, (_, k) => k).find((k) => accountOf(k) === arg);
        if (i === undefined) throw new Error(`NotRegistered(${String(arg)})`);
        return BigInt(i);
      }
      case 'household':
        return {
          account: accountOf(Number(arg)),
          batteryWh: 1000n * settled + BigInt(arg as bigint),
          moneyBalance: -5n * settled,
        };
      case 'balanceOf':
        expect(r.address).toBe(COIN);
        return 7n * settled;
      case 'roundState': {
        const of = logs.filter((l) => l.args.round === arg);
        const opened = of.find((l) => l.eventName === 'RoundOpened');
        const deadline = of.filter((l) => l.eventName === 'DeadlineSet').at(-1) ?? opened;
        return {
          opened: opened !== undefined,
          open: opened !== undefined && !of.some((l) => l.eventName === 'RoundClosed'),
          closed: of.some((l) => l.eventName === 'RoundClosed'),
          priceMinPerWh: opened?.args.priceMinPerWh ?? 0n,
          priceMaxPerWh: opened?.args.priceMaxPerWh ?? 0n,
          deadline: deadline?.args.deadline ?? 0n,
          orders: BigInt(of.filter((l) => l.eventName === 'OrderSubmitted').length),
        };
      }
      default:
        throw new Error(`the stand-in market has no ${r.functionName}`);
    }
  };
}

function market() {
  let chain: ReturnType<typeof logChain> | null = null;
  const c = logChain(
    MARKET,
    marketState(
      (b) => (chain as ReturnType<typeof logChain>).logsUpTo(b),
      () => (chain as ReturnType<typeof logChain>).head,
    ),
  );
  chain = c;
  return c;
}

const opened = (round: number, households: readonly number[], deadline = 0n) => ({
  eventName: 'RoundOpened',
  args: {
    round: BigInt(round),
    priceMinPerWh: 10n ** 14n,
    priceMaxPerWh: 10n ** 16n,
    deadline,
    limits: encodeSeatLimits(
      households.map((h) => ({ household: h, maxBuyWh: 500, maxSellWh: 300 })),
    ),
  },
});
const closed = (round: number, orders: number) => ({
  eventName: 'RoundClosed',
  args: { round: BigInt(round), orders: BigInt(orders) },
});
const settledWith = (round: number, trades: readonly [number, number][]) => [
  { eventName: 'RoundSettled', args: { round: BigInt(round), trades: BigInt(trades.length) } },
  ...trades.map(([buyer, seller]) => ({
    eventName: 'Trade',
    args: {
      round: BigInt(round),
      buyer: BigInt(buyer),
      seller: BigInt(seller),
      energyWh: 100n,
      pricePerWh: 10n ** 15n,
      buyerPricePerWh: 10n ** 15n,
    },
  })),
];
const scores = (rounds: number, households: readonly number[], base: number) => ({
  eventName: 'ScoresPosted',
  args: {
    rounds: BigInt(rounds),
    households: households.map(BigInt),
    you: households.map((h) => BigInt(base + h)),
    agent: households.map((h) => BigInt(base - h)),
  },
});

/**
 * A class's history, one step at a time: a long run before anyone plays, two households taken,
 * round 3 opened (blocks 302 on), ordered in, closed, settled (with round 2) with a trade and
 * scored, round 4 opened (311) with its deadline moved, a take-back, a second score for the same
 * rounds and one for a round not settled yet, then round 4 closed and round 5 opened in one
 * transaction, and round 4 settled without a trade.
 */
const steps: ((c: ReturnType<typeof market>) => void)[] = [
  (c) => c.mineEmpty(300),
  (c) => c.mine(takeEvent(2), takeEvent(5)),
  (c) => c.mine(opened(3, [2, 5], 4_000_100_000n)),
  (c) => c.mine(orderEvent(3, 2), orderEvent(3, 5, 'sell')),
  (c) => c.mineEmpty(4),
  (c) => c.mine(closed(3, 2)),
  (c) => c.mineTransaction(...settledWith(2, []), ...settledWith(3, [[2, 5]])),
  (c) => c.mine(scores(4, [2, 5], 1_000)),
  (c) => c.mine(opened(4, [2, 5])),
  (c) => c.mine({ eventName: 'DeadlineSet', args: { round: 4n, deadline: 0n } }),
  (c) => c.mine(orderEvent(4, 5), takeEvent(2, false)),
  (c) => c.mine(scores(4, [2, 5], 2_000), scores(5, [5], 9)),
  (c) => c.mineTransaction(closed(4, 1), opened(5, [5])),
  (c) => c.mineTransaction(...settledWith(4, [])),
];

describe('following the live market for a participant', () => {
  it('answers every poll as a read from scratch would, for any account', async () => {
    const c = market();
    const live = followLiveMarket(c.client, MARKET);
    for (const step of steps) {
      step(c);
      for (const account of [accountOf(2), accountOf(5), null]) {
        const polled = await live.read(account);
        expect(polled).toEqual(await followLiveMarket(c.client, MARKET).read(account));
      }
    }
  });

  it('folds in what the class did: takers, rounds, orders, trades and scores', async () => {
    const c = market();
    const live = followLiveMarket(c.client, MARKET);
    for (const step of steps.slice(0, 8)) step(c);
    const five = await live.read(accountOf(5));
    expect(five.takers).toEqual(
      new Map([
        [2, accountOf(2)],
        [5, accountOf(5)],
      ]),
    );
    expect(five.settledRounds).toBe(4);
    expect(five.mine).toBe(5);
    expect(five.books).toEqual({
      household: 5,
      account: accountOf(5),
      batteryWh: 4005,
      moneyBalance: -20,
      coinBalance: 28,
    });
    expect(five.score).toEqual({ rounds: 4, you: 1_005, agent: 995 });
    expect(five.round?.round).toBe(3);
    expect(five.round?.state).toMatchObject({ closed: true, deadline: 4_000_100_000, orders: 2 });
    expect(five.round?.seats.map((s) => s.household)).toEqual([2, 5]);
    expect(five.round?.orders.map((o) => [o.household, o.side])).toEqual([
      [2, 'buy'],
      [5, 'sell'],
    ]);
    // Round 3 is closed and settled: the result is it, with its trade and not round 2's.
    expect(five.result?.round).toBe(five.round);
    expect(five.result?.trades?.map((t) => [t.round, t.buyer, t.seller])).toEqual([[3, 2, 5]]);

    for (const step of steps.slice(8, 12)) step(c);
    const two = await live.read(accountOf(2));
    expect(two.takers).toEqual(new Map([[5, accountOf(5)]]));
    expect(two.round?.round).toBe(4);
    expect(two.round?.state).toMatchObject({ open: true, deadline: 0 });
    expect(two.round?.orders.map((o) => o.household)).toEqual([5]);
    expect(two.result?.round.round).toBe(3);
    expect(two.result?.trades).toHaveLength(1);
    // A second post for the same rounds is the one that counts, and the one for the rounds
    // settled beats a newer one (it is the one that compares with the books).
    expect(two.score).toEqual({ rounds: 4, you: 2_002, agent: 1_998 });
    expect((await live.read(accountOf(5))).score).toEqual({ rounds: 4, you: 2_005, agent: 1_995 });

    for (const step of steps.slice(12)) step(c);
    const end = await live.read(accountOf(5));
    expect(end.round?.round).toBe(5);
    expect(end.result?.round.round).toBe(4);
    expect(end.result?.round.orders.map((o) => o.household)).toEqual([5]);
    // Round 4 settled without a trade: an empty list, not "not settled yet".
    expect(end.result?.trades).toEqual([]);
    expect(end.settledRounds).toBe(5);
    expect(end.score).toEqual({ rounds: 5, you: 14, agent: 4 });
    // Household 2 has no score for 5 rounds: its newest.
    expect((await live.read(accountOf(2))).score).toEqual({ rounds: 4, you: 2_002, agent: 1_998 });
  });

  it('reads no log twice: a poll with no new block asks none, a poll after new blocks only those', async () => {
    const c = market();
    const live = followLiveMarket(c.client, MARKET);
    for (const step of steps.slice(0, 4)) step(c);
    await live.read(accountOf(2));
    // The first poll reads the run from block 0, the open round's orders from its block.
    expect(
      c.asked.map((q) => [q.fromBlock, q.toBlock]).sort((x, y) => Number(x[0]! - y[0]!)),
    ).toEqual([...Array(5).fill([0n, 303n]), [302n, 303n]]);
    let seen = c.head;
    let asked = c.asked.length;
    // The wallet changes: nothing read so far is lost.
    await live.read(accountOf(5));
    await live.read(null);
    expect(c.asked.slice(asked)).toEqual([]);

    for (const step of steps.slice(4)) {
      step(c);
      await live.read(accountOf(5));
      const since = c.asked.slice(asked);
      for (const q of since) {
        if (q.eventName === 'RoundSettled') {
          // The settled round's trades, read once, from the block its round was opened in.
          expect(q.fromBlock).toBeGreaterThan(300n);
          expect(q.fromBlock).toBeLessThanOrEqual(seen);
        } else {
          expect(q.fromBlock).toBeGreaterThan(seen);
          expect(q.toBlock).toBe(c.head);
        }
      }
      seen = c.head;
      asked = c.asked.length;
      await live.read(accountOf(2));
      expect(c.asked.slice(asked)).toEqual([]);
    }
    // Rounds 3 and 4 were both settled while shown: one read of their trades each.
    const settledReads = c.asked.filter((q) => q.eventName === 'RoundSettled');
    expect(settledReads).toHaveLength(2);
    expect(settledReads.map((q) => q.fromBlock)).toEqual([302n, 311n]);
  });

  it('pairs the books, the round and the rounds settled from one block', async () => {
    const c = market();
    const live = followLiveMarket(c.client, MARKET);
    for (const step of steps) step(c);
    await live.read(accountOf(5));
    const pinned = c.reads.filter((r) =>
      ['settledRounds', 'household', 'balanceOf', 'roundState', 'indexOf'].includes(r.functionName),
    );
    expect(pinned.length).toBeGreaterThanOrEqual(6);
    expect(new Set(pinned.map((r) => r.blockNumber))).toEqual(new Set([c.head]));
  });

  it('answers overlapping reads without folding a block twice', async () => {
    const c = market();
    const live = followLiveMarket(c.client, MARKET);
    for (const step of steps.slice(0, 8)) step(c);
    const [a, b] = await Promise.all([live.read(accountOf(2)), live.read(accountOf(5))]);
    expect(a.mine).toBe(2);
    expect(b.mine).toBe(5);
    expect(c.asked.filter((q) => q.eventName === 'ScoresPosted')).toHaveLength(1);
  });

  it('starts again from block 0 when the chain restarted below the last block read', async () => {
    const c = market();
    const live = followLiveMarket(c.client, MARKET);
    for (const step of steps) step(c);
    await live.read(accountOf(5));
    c.restart();
    c.mine(takeEvent(3));
    c.mine(opened(0, [3]));
    const asked = c.asked.length;
    const after = await live.read(accountOf(5));
    expect(after).toEqual(await followLiveMarket(c.client, MARKET).read(accountOf(5)));
    expect(after.takers).toEqual(new Map([[3, accountOf(3)]]));
    expect(after.round?.round).toBe(0);
    expect(after.round?.orders).toEqual([]);
    expect(after.result).toBeNull();
    expect(after.score).toBeNull();
    expect(after.settledRounds).toBe(0);
    // Every log read again from block 0 up to the new head, the round's orders from its block.
    for (const q of c.asked.slice(asked)) {
      expect(q.fromBlock).toBe(q.eventName === 'OrderSubmitted' ? 2n : 0n);
      expect(q.toBlock).toBe(2n);
    }
  });
});
