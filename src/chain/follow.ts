/**
 * The live market as a participant's page sees it (issue 14, docs/CLASSROOM.md): everything from
 * the chain's state and events, no engine. The round last opened for people with its deadline,
 * seats and orders, which households people took, this account's household's books as settled,
 * the result of the last round people played (its orders, and its trades once settled), and
 * this household's score as the operator posted it (ScoresPosted).
 */
import type { Address, PublicClient } from 'viem';
import { energyCoinAbi, energyMarketAbi } from './contracts';
import {
  chainNowSeconds,
  readPeopleRound,
  readRoundOrders,
  readRoundSeats,
  readTakers,
  type ChainOrder,
  type PeopleRoundState,
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

async function followRound(
  client: PublicClient,
  market: Address,
  round: number,
): Promise<FollowedRound> {
  const [state, seats, orders] = await Promise.all([
    readPeopleRound(client, market, round),
    readRoundSeats(client, market, round),
    readRoundOrders(client, market, round),
  ]);
  return { round, state, seats, orders };
}

/** The household's books at `blockNumber`, the block `settledRounds` was read at. */
async function booksOf(
  client: PublicClient,
  market: Address,
  household: number,
  blockNumber: bigint,
): Promise<ChainBooks> {
  const [h, coin] = await Promise.all([
    client.readContract({
      address: market,
      abi: energyMarketAbi,
      functionName: 'household',
      args: [BigInt(household)],
      blockNumber,
    }),
    client.readContract({ address: market, abi: energyMarketAbi, functionName: 'coin' }),
  ]);
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

/** Which household `account` owns on `market`; null when none (indexOf reverts NotRegistered). */
async function householdOf(
  client: PublicClient,
  market: Address,
  account: Address | null,
): Promise<number | null> {
  if (!account) return null;
  try {
    const i = await client.readContract({
      address: market,
      abi: energyMarketAbi,
      functionName: 'indexOf',
      args: [account],
    });
    return Number(i);
  } catch {
    return null;
  }
}

/** The score posted for `household`: after `settled` rounds if there is one, else the newest. */
async function scoreOf(
  client: PublicClient,
  market: Address,
  household: number | null,
  settled: number,
): Promise<PostedScore | null> {
  if (household === null) return null;
  const logs = await client.getContractEvents({
    address: market,
    abi: energyMarketAbi,
    eventName: 'ScoresPosted',
    fromBlock: 0n,
  });
  let newest: PostedScore | null = null;
  for (const l of logs) {
    const k = (l.args.households ?? []).findIndex((h) => Number(h) === household);
    if (k < 0) continue;
    const posted = {
      rounds: Number(l.args.rounds ?? 0n),
      you: Number(l.args.you?.[k] ?? 0n),
      agent: Number(l.args.agent?.[k] ?? 0n),
    };
    if (posted.rounds === settled) return posted;
    if (!newest || posted.rounds >= newest.rounds) newest = posted;
  }
  return newest;
}

/** One look at the live market for `account` (null: no wallet connected yet). */
export async function readLiveMarket(
  client: PublicClient,
  market: Address,
  account: Address | null,
): Promise<LiveMarket> {
  // The books and the rounds they are settled to come from one block: a settlement between the
  // two reads would pair books with the wrong round, and the score compares them by round.
  const block = await client.getBlockNumber({ cacheTime: 0 });
  const [count, settled, last, takers, chainNow, mine] = await Promise.all([
    client.readContract({ address: market, abi: energyMarketAbi, functionName: 'householdCount' }),
    client.readContract({
      address: market,
      abi: energyMarketAbi,
      functionName: 'settledRounds',
      blockNumber: block,
    }),
    client.readContract({ address: market, abi: energyMarketAbi, functionName: 'lastOpenedRound' }),
    readTakers(client, market),
    chainNowSeconds(client),
    householdOf(client, market, account),
  ]);
  const [any, lastRound] = last;
  const round = any ? await followRound(client, market, Number(lastRound)) : null;
  // The result shown is of the last closed round: the open one, or the one opened before it.
  let closed: FollowedRound | null = round?.state.closed ? round : null;
  if (round && !round.state.closed) {
    const before = await client.getContractEvents({
      address: market,
      abi: energyMarketAbi,
      eventName: 'RoundClosed',
      fromBlock: 0n,
    });
    const prev = before.at(-1)?.args.round;
    if (prev !== undefined) closed = await followRound(client, market, Number(prev));
  }
  const settledRounds = Number(settled);
  const trades =
    closed && closed.round < settledRounds
      ? ((await readSettledRound(client, market, closed.round))?.trades ?? null)
      : null;
  const [books, score] = await Promise.all([
    mine === null ? null : booksOf(client, market, mine, block),
    scoreOf(client, market, mine, settledRounds),
  ]);
  return {
    householdCount: Number(count),
    settledRounds,
    chainNow,
    takers,
    mine,
    books,
    score,
    round,
    result: closed ? { round: closed, trades } : null,
  };
}
