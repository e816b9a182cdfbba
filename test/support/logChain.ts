/**
 * A stand-in chain of a market's logs behind the calls the log followers make (getBlockNumber,
 * getContractEvents, getTransactionReceipt), recording the block range each getContractEvents
 * asked for, so a test sees what a poll costs, not only its answer.
 */
import { expect } from 'vitest';
import type { Address, Hash, PublicClient } from 'viem';

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

export function logChain(market: Address) {
  const logs: StandInLog[] = [];
  let head = 0n;
  let txs = 0;
  const asked: AskedRange[] = [];
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
      const log = logs.find((l) => l.transactionHash === hash);
      if (!log) throw new Error(`no transaction ${hash} on the stand-in chain`);
      return { blockNumber: log.blockNumber, transactionHash: hash, status: 'success' };
    },
  } as unknown as PublicClient;
  return {
    client,
    asked,
    get head() {
      return head;
    },
    /** Mines one block holding one transaction per event, in this order; their hashes. */
    mine(...events: readonly { eventName: string; args: Record<string, unknown> }[]): Hash[] {
      head += 1n;
      return events.map((e, logIndex) => {
        txs += 1;
        const transactionHash = `0x${txs.toString(16).padStart(64, '0')}` as Hash;
        logs.push({ ...e, blockNumber: head, logIndex, transactionHash });
        return transactionHash;
      });
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
      account: `0x${(household + 1).toString(16).padStart(40, '0')}`,
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
