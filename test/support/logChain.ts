/**
 * A stand-in chain of a market's logs behind the calls the log followers make (getBlockNumber,
 * getContractEvents, getTransactionReceipt with the transaction's logs encoded as the node
 * sends them, getBlock), recording the block range each getContractEvents asked for, so a test
 * sees what a poll costs, not only its answer. Contract state (readContract) is what the test
 * says it is at the block asked, through `state`; each read is recorded with its block.
 */
import { expect } from 'vitest';
import {
  encodeAbiParameters,
  encodeEventTopics,
  zeroAddress,
  type AbiEvent,
  type Address,
  type Hash,
  type Hex,
  type PublicClient,
} from 'viem';
import { energyMarketAbi } from '../../src/chain/contracts';

export interface StandInLog {
  readonly eventName: string;
  readonly blockNumber: bigint;
  readonly logIndex: number;
  readonly transactionHash: Hash;
  readonly args: Readonly<Record<string, unknown>>;
}

export interface AskedRange {
  readonly eventName: string;
  readonly fromBlock: bigint;
  /** Undefined when the caller left the range open to the head. */
  readonly toBlock: bigint | undefined;
}

/** A readContract the stand-in answers: the function, its arguments and the block asked. */
export interface StateRead {
  readonly address: Address;
  readonly functionName: string;
  readonly args: readonly unknown[];
  /** Undefined when the caller asked for the latest block. */
  readonly blockNumber: bigint | undefined;
}

/** The timestamp of block `n`: far past the wall clock, so the chain's clock is the block's. */
export const blockTimestamp = (n: bigint): bigint => 4_000_000_000n + 12n * n;

/** A log as the node sends it in a receipt: topics and data encoded with the market's ABI. */
function encoded(market: Address, l: StandInLog) {
  const item = energyMarketAbi.find(
    (x): x is Extract<(typeof energyMarketAbi)[number], { type: 'event' }> =>
      x.type === 'event' && x.name === l.eventName,
  );
  if (!item) throw new Error(`the market has no event ${l.eventName}`);
  const event = item as AbiEvent;
  const topics = encodeEventTopics({
    abi: [event],
    eventName: l.eventName,
    args: l.args,
  } as Parameters<typeof encodeEventTopics>[0]);
  const data = event.inputs.filter((i) => !i.indexed);
  // An argument the test left out is its type's zero, as an unset field would be.
  const zero = (type: string): unknown =>
    type.endsWith('[]') ? [] : type === 'address' ? zeroAddress : type === 'bool' ? false : 0n;
  return {
    address: market,
    topics,
    data: encodeAbiParameters(
      data,
      data.map((i) => l.args[i.name ?? ''] ?? zero(i.type)),
    ) as Hex,
    blockNumber: l.blockNumber,
    logIndex: l.logIndex,
    transactionHash: l.transactionHash,
    transactionIndex: 0,
    blockHash: `0x${l.blockNumber.toString(16).padStart(64, '0')}` as Hash,
    removed: false,
  };
}

export function logChain(
  market: Address,
  state: (read: StateRead) => unknown = (r) => {
    throw new Error(`the stand-in chain was given no state to answer ${r.functionName}`);
  },
) {
  const logs: StandInLog[] = [];
  let head = 0n;
  let txs = 0;
  const asked: AskedRange[] = [];
  const reads: StateRead[] = [];
  const client = {
    getBlockNumber: async ({ cacheTime }: { cacheTime?: number } = {}) => {
      // A cached block number would hide the newest block from a poll a moment later.
      expect(cacheTime).toBe(0);
      return head;
    },
    getContractEvents: async (q: {
      address: Address;
      eventName: string;
      args?: Readonly<Record<string, unknown>>;
      fromBlock: bigint;
      toBlock?: bigint;
    }) => {
      expect(q.address).toBe(market);
      asked.push({ eventName: q.eventName, fromBlock: q.fromBlock, toBlock: q.toBlock });
      const to = q.toBlock ?? head;
      // Indexed arguments filter as the node does: each one given must match.
      return logs.filter(
        (l) =>
          l.eventName === q.eventName &&
          l.blockNumber >= q.fromBlock &&
          l.blockNumber <= to &&
          Object.entries(q.args ?? {}).every(([k, v]) => l.args[k] === v),
      );
    },
    getTransactionReceipt: async ({ hash }: { hash: Hash }) => {
      const mine = logs.filter((l) => l.transactionHash === hash);
      const log = mine[0];
      if (!log) throw new Error(`no transaction ${hash} on the stand-in chain`);
      return {
        blockNumber: log.blockNumber,
        transactionHash: hash,
        status: 'success',
        gasUsed: 100_000n,
        logs: mine.map((l) => encoded(market, l)),
      };
    },
    getBlock: async ({ blockTag }: { blockTag?: string } = {}) => {
      expect(blockTag).toBe('latest');
      return { number: head, timestamp: blockTimestamp(head) };
    },
    readContract: async (q: {
      address: Address;
      functionName: string;
      args?: readonly unknown[];
      blockNumber?: bigint;
    }) => {
      const read = {
        address: q.address,
        functionName: q.functionName,
        args: q.args ?? [],
        blockNumber: q.blockNumber,
      };
      reads.push(read);
      return state(read);
    },
  } as unknown as PublicClient;
  type Event = { eventName: string; args: Record<string, unknown> };
  const hashOf = (n: number): Hash => `0x${n.toString(16).padStart(64, '0')}` as Hash;
  return {
    client,
    asked,
    /** Every readContract asked, in order. */
    reads,
    get head() {
      return head;
    },
    /** The logs mined up to block `block`, in chain order (for a test's `state`). */
    logsUpTo(block: bigint): StandInLog[] {
      return logs.filter((l) => l.blockNumber <= block);
    },
    /** Mines one block holding one transaction per event, in this order; their hashes. */
    mine(...events: readonly Event[]): Hash[] {
      head += 1n;
      return events.map((e, logIndex) => {
        txs += 1;
        const transactionHash = hashOf(txs);
        logs.push({ ...e, blockNumber: head, logIndex, transactionHash });
        return transactionHash;
      });
    },
    /** Mines one block holding one transaction that emitted these events in order; its hash. */
    mineTransaction(...events: readonly Event[]): Hash {
      head += 1n;
      txs += 1;
      const transactionHash = hashOf(txs);
      events.forEach((e, logIndex) =>
        logs.push({ ...e, blockNumber: head, logIndex, transactionHash }),
      );
      return transactionHash;
    },
    /** Mines `n` blocks with nothing of the market's in them. */
    mineEmpty(n: number) {
      head += BigInt(n);
    },
    /** A fresh chain at block 0, as after Anvil restarted. */
    restart() {
      logs.length = 0;
      head = 0n;
    },
  };
}

/** An OrderSubmitted log's event, as the market emits it (price in base units per Wh). */
export function orderEvent(round: number, household: number, side: 'buy' | 'sell' = 'buy') {
  return {
    eventName: 'OrderSubmitted',
    args: {
      round: BigInt(round),
      household: BigInt(household),
      account: accountOf(household),
      side: side === 'buy' ? 0 : 1,
      amountWh: 100n,
      pricePerWh: 10n ** 15n,
    },
  };
}

/** A RoundOpened log's event. */
export function openedEvent(round: number) {
  return { eventName: 'RoundOpened', args: { round: BigInt(round), limits: [] } };
}

/** The account the stand-in events give household `index` (one per household). */
export const accountOf = (index: number): Address =>
  `0x${(index + 1).toString(16).padStart(40, '0')}` as Address;

/** A HouseholdTaken log's event (`take`), or HouseholdReleased's, from the household's account. */
export function takeEvent(index: number, take = true) {
  return {
    eventName: take ? 'HouseholdTaken' : 'HouseholdReleased',
    args: { index: BigInt(index), account: accountOf(index) },
  };
}
