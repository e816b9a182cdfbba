/**
 * Rounds opened for people (issue 14, docs/CHAIN.md "Rounds opened for people"): the seats'
 * limits packed for openRound, the round's orders read back from its OrderSubmitted events (the
 * auctioneer's only source of people's orders), the round's state, a person's order as the
 * engine takes it, the calldata a wallet sends, and every refusal of submitOrder in words with
 * its error's name. The operator's openRound and closeRound go out through the settler
 * (queue.ts), which owns the operator's nonce.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  encodeFunctionData,
  RpcRequestError,
  type Address,
  type Hash,
  type Hex,
  type PublicClient,
} from 'viem';
import type { PersonOrder } from '../engine';
import { energyMarketAbi, PRICE_PER_WH_OF_COIN_PER_100WH } from './contracts';
import { CodecError, oneLine } from './errors';

const U32 = 2 ** 32 - 1;
const U40 = 2 ** 40 - 1;
const PER_COIN = Number(PRICE_PER_WH_OF_COIN_PER_100WH);

/** A household's seat in a round opened for people: who may submit and how much. */
export interface SeatLimits {
  readonly household: number;
  readonly maxBuyWh: number;
  readonly maxSellWh: number;
}

/** The `limits` words of openRound: ascending household, index | maxBuyWh << 32 | maxSellWh << 72. */
export function encodeSeatLimits(seats: readonly SeatLimits[]): bigint[] {
  const sorted = [...seats].sort((a, b) => a.household - b.household);
  return sorted.map((s, k) => {
    const where = `seat ${k} (household ${s.household})`;
    for (const [name, v, max] of [
      ['household', s.household, U32],
      ['maxBuyWh', s.maxBuyWh, U40],
      ['maxSellWh', s.maxSellWh, U40],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < 0 || v > max) {
        throw new CodecError(`${where}: ${name} ${v} is not an integer in [0, ${max}]`);
      }
    }
    if (k > 0 && (sorted[k - 1] as SeatLimits).household === s.household) {
      throw new CodecError(`${where}: household ${s.household} has two seats`);
    }
    return BigInt(s.household) | (BigInt(s.maxBuyWh) << 32n) | (BigInt(s.maxSellWh) << 72n);
  });
}

/** An order as the chain recorded it (its OrderSubmitted event); price in base units per Wh. */
export interface ChainOrder {
  readonly round: number;
  readonly household: number;
  readonly account: Address;
  readonly side: 'buy' | 'sell';
  readonly amountWh: number;
  readonly pricePerWh: number;
  readonly transactionHash: Hash;
  readonly blockNumber: number;
}

/**
 * Every order submitted for `round`, in the order the chain accepted them, from `fromBlock` on:
 * a caller that knows the block the round was opened in passes it, since no order can come
 * before it, and the node then searches only the round's own blocks rather than the run's whole
 * history. A round polled while open is better read with followRoundOrders.
 */
export async function readRoundOrders(
  client: PublicClient,
  market: Address,
  round: number,
  fromBlock = 0n,
): Promise<ChainOrder[]> {
  return ordersIn(client, market, round, fromBlock, undefined);
}

async function ordersIn(
  client: PublicClient,
  market: Address,
  round: number,
  fromBlock: bigint,
  toBlock: bigint | undefined,
): Promise<ChainOrder[]> {
  const logs = await client.getContractEvents({
    address: market,
    abi: energyMarketAbi,
    eventName: 'OrderSubmitted',
    args: { round: BigInt(round) },
    fromBlock,
    ...(toBlock === undefined ? {} : { toBlock }),
  });
  return logs.map((l) => ({
    round: Number(l.args.round ?? 0n),
    household: Number(l.args.household ?? 0n),
    account: (l.args.account ?? '0x') as Address,
    side: l.args.side === 1 ? 'sell' : 'buy',
    amountWh: Number(l.args.amountWh ?? 0n),
    pricePerWh: Number(l.args.pricePerWh ?? 0n),
    transactionHash: (l.transactionHash ?? '0x') as Hash,
    blockNumber: Number(l.blockNumber ?? 0n),
  }));
}

/**
 * Reads a market's logs in block ranges back to back: each read fixes the head first and asks
 * `range` for the blocks after the last one read up to it, so no block is read twice or skipped
 * however often it polls, and one read runs at a time (two overlapping would read the same
 * blocks twice). Anvil does not reorganise: a head below the last block read, or below `start`
 * before the first read (the caller knows that block was mined), means a restarted chain, and
 * the cursor calls `reset` and starts again from block 0.
 */
export function blockCursor<T>(
  client: PublicClient,
  start: bigint,
  range: (fromBlock: bigint, toBlock: bigint) => Promise<void>,
  reset: () => void,
  answer: () => T,
): { read(): Promise<T>; readonly lastBlock: bigint | null } {
  let next = start;
  let lastBlock: bigint | null = null;
  const step = async (): Promise<T> => {
    // cacheTime 0: viem otherwise answers from a block number up to 4 s old.
    const head = await client.getBlockNumber({ cacheTime: 0 });
    if (head < (lastBlock ?? start)) {
      reset();
      next = 0n;
    }
    if (head >= next) {
      await range(next, head);
      next = head + 1n;
      lastBlock = head;
    }
    return answer();
  };
  let queue: Promise<unknown> = Promise.resolve();
  return {
    read() {
      const p = queue.then(step);
      queue = p.catch(() => undefined);
      return p;
    },
    get lastBlock() {
      return lastBlock;
    },
  };
}

/** A round's orders read so far. */
export interface RoundOrdersFollower {
  /** Reads the round's orders in the blocks mined since the last read; all of them so far. */
  read(): Promise<ChainOrder[]>;
  /** The last block read, or null before the first read. */
  readonly lastBlock: bigint | null;
}

/**
 * Follows the orders of `round`, opened in block `openedIn`: the first read starts at that block
 * (an order can share it with the openRound, when a node mines several transactions a block),
 * each later read only the blocks since, so the worker's poll while the round is open costs one
 * small call however long the run is. A chain restarted below the opening block is read again
 * from block 0 (the round, if it is there at all, was opened again somewhere in it).
 */
export function followRoundOrders(
  client: PublicClient,
  market: Address,
  round: number,
  openedIn: bigint,
): RoundOrdersFollower {
  const orders: ChainOrder[] = [];
  const cursor = blockCursor(
    client,
    openedIn,
    async (from, to) => {
      orders.push(...(await ordersIn(client, market, round, from, to)));
    },
    () => {
      orders.length = 0;
    },
    () => [...orders],
  );
  return {
    read: () => cursor.read(),
    get lastBlock() {
      return cursor.lastBlock;
    },
  };
}

/** Who holds which household after the take and release logs read so far. */
export interface TakersFollower {
  /** Reads the logs of the blocks mined since the last read and folds them in. */
  read(): Promise<ReadonlyMap<number, Address>>;
  /** The last block read, or null before the first read. */
  readonly lastBlock: bigint | null;
}

/**
 * Follows the households people have taken over, with the account that took each:
 * HouseholdTaken and HouseholdReleased events folded in chain order. Participants take from
 * their own wallets, so this is how the host's worker learns who plays. Each read asks only for
 * the blocks after the last one read (up to the head it saw first, so no block is read twice or
 * skipped), so a poll every second stays one cheap call however long the run is. Anvil does
 * not reorganise: a head below the last block read means a restarted chain, and the follower
 * starts again from block 0.
 */
export function followTakers(client: PublicClient, market: Address): TakersFollower {
  const takers = new Map<number, Address>();
  const cursor = blockCursor(
    client,
    0n,
    async (fromBlock, toBlock) => {
      const range = { address: market, abi: energyMarketAbi, fromBlock, toBlock };
      const [taken, released] = await Promise.all([
        client.getContractEvents({ ...range, eventName: 'HouseholdTaken' }),
        client.getContractEvents({ ...range, eventName: 'HouseholdReleased' }),
      ]);
      const events = [
        ...taken.map((l) => ({ l, take: true })),
        ...released.map((l) => ({ l, take: false })),
      ].sort(
        (x, y) =>
          Number((x.l.blockNumber ?? 0n) - (y.l.blockNumber ?? 0n)) ||
          (x.l.logIndex ?? 0) - (y.l.logIndex ?? 0),
      );
      for (const { l, take } of events) {
        const i = Number(l.args.index ?? 0n);
        if (take) takers.set(i, (l.args.account ?? '0x') as Address);
        else takers.delete(i);
      }
    },
    () => takers.clear(),
    // A copy: a later release does not change what a read answered behind the caller.
    () => new Map(takers),
  );
  return {
    read: () => cursor.read(),
    get lastBlock() {
      return cursor.lastBlock;
    },
  };
}

/** The households people have taken over, read once from block 0 (see followTakers). */
export async function readTakers(
  client: PublicClient,
  market: Address,
): Promise<Map<number, Address>> {
  return new Map(await followTakers(client, market).read());
}

/**
 * The seats `round` was opened with (its RoundOpened event); empty if it never was. A caller
 * that knows a block at or before the round's opening (rounds open in order, so the block a
 * previous round was opened in will do) passes it as `fromBlock`, and the node searches only
 * from there rather than the run's whole history.
 */
export async function readRoundSeats(
  client: PublicClient,
  market: Address,
  round: number,
  fromBlock = 0n,
): Promise<SeatLimits[]> {
  const logs = await client.getContractEvents({
    address: market,
    abi: energyMarketAbi,
    eventName: 'RoundOpened',
    args: { round: BigInt(round) },
    fromBlock,
  });
  return decodeSeatLimits(logs.at(-1)?.args.limits ?? []);
}

/** The seats in a RoundOpened event's `limits` words (encodeSeatLimits read back). */
export function decodeSeatLimits(limits: readonly bigint[]): SeatLimits[] {
  const m32 = (1n << 32n) - 1n;
  const m40 = (1n << 40n) - 1n;
  return limits.map((w) => ({
    household: Number(w & m32),
    maxBuyWh: Number((w >> 32n) & m40),
    maxSellWh: Number((w >> 72n) & m40),
  }));
}

/**
 * The chain's clock in Unix seconds, as the next block will see it: Anvil stamps each block with
 * the wall clock or one second past the last block, whichever is later, so a burst of settlement
 * blocks runs it ahead of the wall clock. Deadlines are set and counted down on this clock.
 */
export async function chainNowSeconds(client: PublicClient): Promise<number> {
  const block = await client.getBlock({ blockTag: 'latest' });
  return Math.max(Math.floor(Date.now() / 1000), Number(block.timestamp));
}

/** What a wallet sends to take its household over from the agent (to the market). */
export function takeHouseholdData(): Hex {
  return encodeFunctionData({ abi: energyMarketAbi, functionName: 'takeHousehold' });
}

/** What a wallet sends to hand its household back to the agent (to the market). */
export function releaseHouseholdData(): Hex {
  return encodeFunctionData({ abi: energyMarketAbi, functionName: 'releaseHousehold' });
}

/** A round as the market holds it for people (roundState); prices in base units per Wh. */
export interface PeopleRoundState {
  readonly opened: boolean;
  readonly open: boolean;
  readonly closed: boolean;
  readonly priceMinPerWh: number;
  readonly priceMaxPerWh: number;
  readonly deadline: number;
  readonly orders: number;
}

/** `round`'s state, at `blockNumber` when given (a caller pairing it with logs read to there). */
export async function readPeopleRound(
  client: PublicClient,
  market: Address,
  round: number,
  blockNumber?: bigint,
): Promise<PeopleRoundState> {
  const r = await client.readContract({
    address: market,
    abi: energyMarketAbi,
    functionName: 'roundState',
    args: [BigInt(round)],
    ...(blockNumber === undefined ? {} : { blockNumber }),
  });
  return {
    opened: r.opened,
    open: r.open,
    closed: r.closed,
    priceMinPerWh: Number(r.priceMinPerWh),
    priceMaxPerWh: Number(r.priceMaxPerWh),
    deadline: Number(r.deadline),
    orders: Number(r.orders),
  };
}

/**
 * The engine's order for a chain order. The engine prices in whole coins per 100 Wh; a price on
 * chain between two whole coins is taken at the one that keeps the person's limit (a bid down, an
 * ask up), so every trade the engine makes stays inside the order the chain checks at settle.
 */
export function personOrderOf(o: ChainOrder): PersonOrder {
  const coins = o.pricePerWh / PER_COIN;
  return {
    round: o.round,
    household: o.household,
    side: o.side,
    energyWh: o.amountWh,
    price: o.side === 'buy' ? Math.floor(coins) : Math.ceil(coins),
  };
}

/** What a wallet sends for an order: to the market, this calldata (price in coins per 100 Wh). */
export function submitOrderData(order: Omit<PersonOrder, 'household'>): Hex {
  return encodeFunctionData({
    abi: energyMarketAbi,
    functionName: 'submitOrder',
    args: [
      BigInt(order.round),
      order.side === 'buy' ? 0 : 1,
      BigInt(order.energyWh),
      BigInt(order.price) * PRICE_PER_WH_OF_COIN_PER_100WH,
    ],
  });
}

/** A refused call to the market: the custom error's name and what it means for the person. */
export interface OrderRefusal {
  /** The contract's error name (`RoundAlreadyClosed`), or null when it was no revert. */
  readonly error: string | null;
  readonly text: string;
}

/** A person's refusal of any call to the market, take-overs included (the same shape). */
export type MarketRefusal = OrderRefusal;

const coinsOf = (perWh: unknown): string => `${Number(perWh) / PER_COIN}`;

const notAHousehold = (does: string) => (a: readonly unknown[]) =>
  `account ${String(a[0])} is not the registered account of any household, so it cannot ${does}; connect the wallet of a household's own account`;

/** Each of submitOrder's errors in words (docs/CHAIN.md's table, in the contract's order). */
const WORDS: Record<string, (a: readonly unknown[]) => string> = {
  NotAHousehold: notAHousehold('order for one'),
  RoundNotOpen: (a) => `round ${String(a[0])} was never opened for people`,
  RoundAlreadyClosed: (a) => `too late: round ${String(a[0])} is closed and takes no more orders`,
  DeadlinePassed: (a) => `too late: round ${String(a[0])}'s deadline has passed`,
  HouseholdNotInRound: (a) =>
    `household ${String(a[1])} has no seat in round ${String(a[0])} (take it over first)`,
  AlreadySubmitted: (a) =>
    `household ${String(a[1])} already placed its one order in round ${String(a[0])}`,
  InvalidSide: (a) => `side ${String(a[0])} is neither buy (0) nor sell (1)`,
  ZeroAmount: () => 'the amount is zero',
  AmountNotMultipleOf100Wh: (a) => `${String(a[0])} Wh is not a whole number of 100 Wh units`,
  AmountOverLimit: (a) =>
    `${String(a[0])} Wh is more than this household may trade on that side this round (${String(a[1])} Wh)`,
  PriceOutOfRange: (a) =>
    `price ${coinsOf(a[0])} coins per 100 Wh is outside the round's range [${coinsOf(a[1])}, ${coinsOf(a[2])}]`,
};

/**
 * takeHousehold's errors in words. It names no household: an account can only ever take the one
 * it is registered under, so "already taken" means taken by this same account (another tab, or
 * the host's page and the join link with one wallet), never by someone else.
 */
const TAKE_WORDS: Record<string, (a: readonly unknown[]) => string> = {
  NotAHousehold: notAHousehold('take one over'),
  HouseholdAlreadyTaken: (a) =>
    `household ${String(a[0])} is already taken over by this account (on this page or another); nothing to do, or let the agent act first to take it again`,
};

/** releaseHousehold's errors in words. */
const RELEASE_WORDS: Record<string, (a: readonly unknown[]) => string> = {
  NotAHousehold: notAHousehold('hand one back'),
  HouseholdNotTaken: (a) =>
    `household ${String(a[0])} is already played by its agent, so there is nothing to hand back; take it over first`,
};

/** The decoded custom error of a failed call to the market, if it was one: name and arguments. */
function revertOf(e: unknown): { name: string; args: readonly unknown[] } | null {
  if (!(e instanceof BaseError)) return null;
  const decoded = e.walk((x) => x instanceof ContractFunctionRevertedError);
  if (decoded instanceof ContractFunctionRevertedError && decoded.data?.errorName) {
    return { name: decoded.data.errorName, args: decoded.data.args ?? [] };
  }
  const rpc = e.walk((x) => x instanceof RpcRequestError && typeof x.data === 'string');
  const data = rpc instanceof RpcRequestError ? (rpc.data as unknown) : null;
  const hex =
    typeof data === 'string' ? data : /0x[0-9a-fA-F]{8,}/.exec(`${e.details} ${e.message}`)?.[0];
  if (hex && /^0x[0-9a-fA-F]{8}/.test(hex)) {
    try {
      const r = decodeErrorResult({ abi: energyMarketAbi, data: hex as Hex });
      return { name: r.errorName, args: r.args ?? [] };
    } catch {
      return null;
    }
  }
  return null;
}

const notSent = (what: string, e: unknown): MarketRefusal => {
  const m = e instanceof BaseError ? e.shortMessage : e instanceof Error ? e.message : String(e);
  return { error: null, text: `${what} was not sent: ${oneLine(m)}` };
};

/** The household a take or release error names (its first argument), when it names one. */
const householdIn = (r: { name: string; args: readonly unknown[] }): string | null =>
  r.name === 'NotAHousehold' ? null : String(r.args[0]);

/** Why the market refused an order, in words a person can act on, with the error's name. */
export function orderRefusal(e: unknown): OrderRefusal {
  const r = revertOf(e);
  if (!r) return notSent('The order', e);
  const words = WORDS[r.name];
  return {
    error: r.name,
    text: `The market refused the order (${r.name}): ${words ? words(r.args) : 'a rule of the market'}.`,
  };
}

/** Why the market refused to hand a household over to its person, with the error's name. */
export function takeRefusal(e: unknown): MarketRefusal {
  const r = revertOf(e);
  if (!r) return notSent('The take-over', e);
  const h = householdIn(r);
  const words = TAKE_WORDS[r.name];
  return {
    error: r.name,
    text: `The market refused to hand over ${h === null ? 'a household' : `household ${h}`} (${r.name}): ${words ? words(r.args) : 'a rule of the market'}.`,
  };
}

/** Why the market refused to hand a household back to its agent, with the error's name. */
export function releaseRefusal(e: unknown): MarketRefusal {
  const r = revertOf(e);
  if (!r) return notSent('The hand-back', e);
  const h = householdIn(r);
  const words = RELEASE_WORDS[r.name];
  return {
    error: r.name,
    text: `The market refused to hand ${h === null ? 'a household' : `household ${h}`} back to its agent (${r.name}): ${words ? words(r.args) : 'a rule of the market'}.`,
  };
}

const TAKE_SELECTOR = takeHouseholdData();
const RELEASE_SELECTOR = releaseHouseholdData();

/**
 * The refusal in words for whatever `data` asked of the market: a take-over and a hand-back
 * have their own words, everything else is an order.
 */
export function refusalFor(data: Hex, e: unknown): MarketRefusal {
  const selector = data.slice(0, 10).toLowerCase();
  if (selector === TAKE_SELECTOR.toLowerCase()) return takeRefusal(e);
  if (selector === RELEASE_SELECTOR.toLowerCase()) return releaseRefusal(e);
  return orderRefusal(e);
}
