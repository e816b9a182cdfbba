/**
 * The live market as a participant's page sees it (issue 14, docs/CLASSROOM.md): everything from
 * the chain's state and events, no engine. The round last opened for people with its deadline,
 * seats and orders, which households people took, this account's household's books as settled,
 * the result of the last round people played (its orders, and its trades once settled), and
 * this household's score as the operator posted it (ScoresPosted). The page polls it every
 * second for the whole class, so it is followed (followLiveMarket): each poll reads only the
 * logs of the blocks mined since the last one.
 */
import type { Address, PublicClient } from 'viem';
import { energyCoinAbi, energyMarketAbi } from './contracts';
import {
  blockCursor,
  chainNowSeconds,
  decodeSeatLimits,
  followRoundOrders,
  followTakers,
  readPeopleRound,
  type ChainOrder,
  type PeopleRoundState,
  type RoundOrdersFollower,
  type SeatLimits,
} from './people';
import { readSettledRound, type TradeOnChain } from './readback';

/** A round opened for people, as the chain holds it. */
export interface FollowedRound {
  readonly round: number;
  readonly state: PeopleRoundState;
  readonly seats: readonly SeatLimits[];
  readonly orders: readonly ChainOrder[];
}

/** A household's books on chain (as of the last settled round), base units and Wh. */
export interface ChainBooks {
  readonly household: number;
  readonly account: Address;
  readonly batteryWh: number;
  readonly moneyBalance: number;
  readonly coinBalance: number;
}

/**
 * One household's line of a score the operator posted after `rounds` rounds (base units): its
 * money plus coins as the host's engine had them, and its agent's on the same seed.
 */
export interface PostedScore {
  readonly rounds: number;
  readonly you: number;
  readonly agent: number;
}

export interface LiveMarket {
  readonly householdCount: number;
  readonly settledRounds: number;
  /** The chain's clock (chainNowSeconds), for the countdown to `round.deadline`. */
  readonly chainNow: number;
  /** Households people took (HouseholdTaken), with the account that took each. */
  readonly takers: ReadonlyMap<number, Address>;
  /** The household registered under the account asked about; null if none. */
  readonly mine: number | null;
  readonly books: ChainBooks | null;
  /**
   * This household's score posted for the round the chain has settled to (so that it compares
   * with `books`), else the newest posted; null when none was posted for it.
   */
  readonly score: PostedScore | null;
  /** The round last opened for people; null before the first. */
  readonly round: FollowedRound | null;
  /**
   * The last round people played that is closed: its orders, and its trades once the operator
   * settled it (null before). The round now open when none is closed yet is not shown here.
   */
  readonly result: {
    readonly round: FollowedRound;
    readonly trades: readonly TradeOnChain[] | null;
  } | null;
}

/** The household's books at `blockNumber`, the block `settledRounds` was read at. */
async function booksOf(
  client: PublicClient,
  market: Address,
  coin: Address,
  household: number,
  blockNumber: bigint,
): Promise<ChainBooks> {
  const h = await client.readContract({
    address: market,
    abi: energyMarketAbi,
    functionName: 'household',
    args: [BigInt(household)],
    blockNumber,
  });
  const balance = await client.readContract({
    address: coin,
    abi: energyCoinAbi,
    functionName: 'balanceOf',
    args: [h.account],
    blockNumber,
  });
  return {
    household,
    account: h.account,
    batteryWh: Number(h.batteryWh),
    moneyBalance: Number(h.moneyBalance),
    coinBalance: Number(balance),
  };
}

/**
 * Which household `account` owns on `market` at `blockNumber`; null when none (indexOf reverts
 * NotRegistered).
 */
async function householdOf(
  client: PublicClient,
  market: Address,
  account: Address | null,
  blockNumber: bigint,
): Promise<number | null> {
  if (!account) return null;
  try {
    const i = await client.readContract({
      address: market,
      abi: energyMarketAbi,
      functionName: 'indexOf',
      args: [account],
      blockNumber,
    });
    return Number(i);
  } catch {
    return null;
  }
}

/** A round opened for people as its RoundOpened event says: where, and with which seats. */
interface Opening {
  readonly round: number;
  readonly block: bigint;
  readonly seats: readonly SeatLimits[];
}

/** The scores posted for one household: by the rounds they were posted after, and the newest. */
interface Posted {
  readonly byRounds: Map<number, PostedScore>;
  newest: PostedScore;
}

/** The live market followed across polls (followLiveMarket). */
export interface LiveMarketFollower {
  /**
   * The live market for `account` (null: no wallet connected yet), after reading the logs of
   * the blocks mined since the last read. Any account may be asked on any read: the logs read
   * so far are every household's, not one account's.
   */
  read(account: Address | null): Promise<LiveMarket>;
  /** The last block whose logs were read, or null before the first read. */
  readonly lastBlock: bigint | null;
}

/**
 * Follows `market` for a participant's page, which asks every second for a whole class (a
 * 30-day class is thousands of blocks): the takers through followTakers, the rounds opened and
 * closed and the scores posted folded in from the blocks since the last read, the orders of the
 * rounds shown through followRoundOrders from the block each was opened in, and the closed
 * round's trades read once, from its opening block (a round settles only after it opened), once
 * it is settled. A poll with no new block asks for no logs at all; the calls left are the
 * market's state at the head (round state, books, settled rounds), a handful whatever the run's
 * length. A restarted chain (head below the last block read) starts everything again from
 * block 0. Reads run one at a time.
 */
export function followLiveMarket(client: PublicClient, market: Address): LiveMarketFollower {
  const takers = followTakers(client, market);
  // Only the last round opened and the last closed are ever shown, and rounds open in order
  // (opening one closes the one before), so these hold at most two rounds each.
  const opened = new Map<number, Opening>();
  const orders = new Map<number, RoundOrdersFollower>();
  const trades = new Map<number, readonly TradeOnChain[]>();
  let lastOpened: number | null = null;
  let lastClosed: number | null = null;
  const scores = new Map<number, Posted>();
  // The market's coin never changes; a restarted chain may have another market at the address.
  let coin: Address | null = null;

  const keepShown = (): void => {
    for (const m of [opened, orders, trades]) {
      for (const r of m.keys()) if (r !== lastOpened && r !== lastClosed) m.delete(r);
    }
  };

  const cursor = blockCursor(
    client,
    0n,
    async (fromBlock, toBlock) => {
      const range = { address: market, abi: energyMarketAbi, fromBlock, toBlock };
      const [opens, closes, posts] = await Promise.all([
        client.getContractEvents({ ...range, eventName: 'RoundOpened' }),
        client.getContractEvents({ ...range, eventName: 'RoundClosed' }),
        client.getContractEvents({ ...range, eventName: 'ScoresPosted' }),
      ]);
      type Folded =
        | { at: (typeof opens)[number]; open: (typeof opens)[number] }
        | { at: (typeof closes)[number]; close: (typeof closes)[number] }
        | { at: (typeof posts)[number]; post: (typeof posts)[number] };
      const events: Folded[] = [
        ...opens.map((l) => ({ at: l, open: l })),
        ...closes.map((l) => ({ at: l, close: l })),
        ...posts.map((l) => ({ at: l, post: l })),
      ];
      events.sort(
        (x, y) =>
          Number((x.at.blockNumber ?? 0n) - (y.at.blockNumber ?? 0n)) ||
          (x.at.logIndex ?? 0) - (y.at.logIndex ?? 0),
      );
      for (const e of events) {
        if ('open' in e) {
          const round = Number(e.open.args.round ?? 0n);
          opened.set(round, {
            round,
            block: e.open.blockNumber ?? 0n,
            seats: decodeSeatLimits(e.open.args.limits ?? []),
          });
          lastOpened = round;
        } else if ('close' in e) {
          lastClosed = Number(e.close.args.round ?? 0n);
        } else {
          const a = e.post.args;
          const rounds = Number(a.rounds ?? 0n);
          (a.households ?? []).forEach((h, k) => {
            const posted = {
              rounds,
              you: Number(a.you?.[k] ?? 0n),
              agent: Number(a.agent?.[k] ?? 0n),
            };
            const mine = scores.get(Number(h));
            if (!mine) {
              scores.set(Number(h), { byRounds: new Map([[rounds, posted]]), newest: posted });
              return;
            }
            // A later post for the same rounds is the operator's correction of the earlier.
            mine.byRounds.set(rounds, posted);
            if (posted.rounds >= mine.newest.rounds) mine.newest = posted;
          });
        }
      }
      keepShown();
    },
    () => {
      opened.clear();
      orders.clear();
      trades.clear();
      scores.clear();
      lastOpened = null;
      lastClosed = null;
      coin = null;
    },
    () => undefined,
  );

  const followed = async (round: number, block: bigint): Promise<FollowedRound> => {
    // Every round shown was opened in the blocks read (its RoundOpened comes before its
    // RoundClosed), so its opening is known.
    const o = opened.get(round) ?? { round, block: 0n, seats: [] };
    let f = orders.get(round);
    if (!f) {
      f = followRoundOrders(client, market, round, o.block);
      orders.set(round, f);
    }
    const [state, list] = await Promise.all([
      readPeopleRound(client, market, round, block),
      f.read(),
    ]);
    return { round, state, seats: o.seats, orders: list };
  };

  const tradesOf = async (round: number): Promise<readonly TradeOnChain[] | null> => {
    const known = trades.get(round);
    if (known) return known;
    const settled = await readSettledRound(client, market, round, opened.get(round)?.block ?? 0n);
    // A settled round's trades never change: read once.
    if (settled) trades.set(round, settled.trades);
    return settled?.trades ?? null;
  };

  const step = async (account: Address | null): Promise<LiveMarket> => {
    await cursor.read();
    // The logs and the state below come from one block: the round's state and the books with
    // the rounds they are settled to (a settlement between two reads would pair books with the
    // wrong round, and the score compares them by round).
    const block = cursor.lastBlock ?? 0n;
    coin ??= await client.readContract({
      address: market,
      abi: energyMarketAbi,
      functionName: 'coin',
    });
    const at = { address: market, abi: energyMarketAbi, blockNumber: block } as const;
    const [count, settled, who, chainNow, mine] = await Promise.all([
      client.readContract({ ...at, functionName: 'householdCount' }),
      client.readContract({ ...at, functionName: 'settledRounds' }),
      takers.read(),
      chainNowSeconds(client),
      householdOf(client, market, account, block),
    ]);
    const settledRounds = Number(settled);
    const shownOpen = lastOpened;
    const shownClosed = lastClosed;
    const round = shownOpen === null ? null : await followed(shownOpen, block);
    // The result shown is of the last closed round: the open one, or the one opened before it.
    const closed =
      shownClosed === null
        ? null
        : shownClosed === shownOpen
          ? round
          : await followed(shownClosed, block);
    const [closedTrades, books] = await Promise.all([
      closed && closed.round < settledRounds ? tradesOf(closed.round) : null,
      mine === null ? null : booksOf(client, market, coin, mine, block),
    ]);
    const posted = mine === null ? undefined : scores.get(mine);
    return {
      householdCount: Number(count),
      settledRounds,
      chainNow,
      takers: who,
      mine,
      books,
      score: posted ? (posted.byRounds.get(settledRounds) ?? posted.newest) : null,
      round,
      result: closed ? { round: closed, trades: closedTrades } : null,
    };
  };

  let queue: Promise<unknown> = Promise.resolve();
  return {
    read(account) {
      const p = queue.then(() => step(account));
      queue = p.catch(() => undefined);
      return p;
    },
    get lastBlock() {
      return cursor.lastBlock;
    },
  };
}
