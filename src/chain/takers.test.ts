import { describe, expect, it } from 'vitest';
import type { Address, PublicClient } from 'viem';
import { followTakers } from './people';

const MARKET = '0x00000000000000000000000000000000000000aa' as Address;
const acct = (i: number): Address => `0x${(i + 1).toString(16).padStart(40, '0')}` as Address;

interface Log {
  readonly eventName: 'HouseholdTaken' | 'HouseholdReleased';
  readonly blockNumber: bigint;
  readonly logIndex: number;
  readonly index: number;
}

/**
 * A chain of take and release logs behind the two calls the follower makes, recording the block
 * range each getContractEvents asked for, so a test sees what a poll costs, not only its answer.
 */
function fakeChain() {
  const logs: Log[] = [];
  let head = 0n;
  const asked: { eventName: string; fromBlock: bigint; toBlock: bigint }[] = [];
  const client = {
    getBlockNumber: async ({ cacheTime }: { cacheTime?: number } = {}) => {
      // A cached block number would hide the newest block from a poll a second later.
      expect(cacheTime).toBe(0);
      return head;
    },
    getContractEvents: async (q: {
      address: Address;
      eventName: Log['eventName'];
      fromBlock: bigint;
      toBlock: bigint;
    }) => {
      expect(q.address).toBe(MARKET);
      asked.push({ eventName: q.eventName, fromBlock: q.fromBlock, toBlock: q.toBlock });
      return logs
        .filter(
          (l) =>
            l.eventName === q.eventName &&
            l.blockNumber >= q.fromBlock &&
            l.blockNumber <= q.toBlock,
        )
        .map((l) => ({
          blockNumber: l.blockNumber,
          logIndex: l.logIndex,
          args: { index: BigInt(l.index), account: acct(l.index) },
        }));
    },
  } as unknown as PublicClient;
  return {
    client,
    asked,
    /** Mines one block holding `events` in this order. */
    mine(...events: readonly (readonly ['take' | 'release', number])[]) {
      head += 1n;
      events.forEach(([kind, index], logIndex) =>
        logs.push({
          eventName: kind === 'take' ? 'HouseholdTaken' : 'HouseholdReleased',
          blockNumber: head,
          logIndex,
          index,
        }),
      );
    },
    restart() {
      logs.length = 0;
      head = 0n;
    },
  };
}

describe('following take and release logs', () => {
  it('reads each block once: every poll asks only for the blocks mined since the last', async () => {
    const chain = fakeChain();
    const takers = followTakers(chain.client, MARKET);
    chain.mine(['take', 2]);
    chain.mine();
    expect([...(await takers.read())]).toEqual([[2, acct(2)]]);
    expect(takers.lastBlock).toBe(2n);

    chain.mine(['take', 5]);
    expect([...(await takers.read())].sort()).toEqual([
      [2, acct(2)],
      [5, acct(5)],
    ]);
    // Nothing new: a poll asks for no block at all.
    await takers.read();
    chain.mine(['release', 2]);
    expect([...(await takers.read())]).toEqual([[5, acct(5)]]);

    const ranges = chain.asked.map((q) => [q.fromBlock, q.toBlock]);
    // Two events per poll, three polls that had blocks to read, the ranges back to back.
    expect(ranges).toEqual([
      [0n, 2n],
      [0n, 2n],
      [3n, 3n],
      [3n, 3n],
      [4n, 4n],
      [4n, 4n],
    ]);
  });

  it('folds a take and a release of one household in chain order, within a block and across reads', async () => {
    const chain = fakeChain();
    const takers = followTakers(chain.client, MARKET);
    chain.mine(['take', 1], ['release', 1], ['take', 3]);
    chain.mine(['release', 3], ['take', 3]);
    expect([...(await takers.read())]).toEqual([[3, acct(3)]]);
    chain.mine(['take', 1]);
    chain.mine(['release', 3]);
    expect([...(await takers.read())]).toEqual([[1, acct(1)]]);
  });

  it('answers overlapping reads without folding a block twice', async () => {
    const chain = fakeChain();
    const takers = followTakers(chain.client, MARKET);
    chain.mine(['take', 4]);
    const [a, b] = await Promise.all([takers.read(), takers.read()]);
    expect([...a]).toEqual([[4, acct(4)]]);
    expect([...b]).toEqual([[4, acct(4)]]);
    expect(chain.asked.filter((q) => q.eventName === 'HouseholdTaken')).toHaveLength(1);
    // What a read answered is a copy: a later release does not change it behind the caller.
    chain.mine(['release', 4]);
    await takers.read();
    expect([...a]).toEqual([[4, acct(4)]]);
  });

  it('starts again from block 0 when the chain restarted below the last block read', async () => {
    const chain = fakeChain();
    const takers = followTakers(chain.client, MARKET);
    chain.mine(['take', 1]);
    chain.mine();
    chain.mine();
    expect([...(await takers.read())]).toEqual([[1, acct(1)]]);
    chain.restart();
    chain.mine(['take', 6]);
    expect([...(await takers.read())]).toEqual([[6, acct(6)]]);
    expect(chain.asked.at(-1)).toMatchObject({ fromBlock: 0n, toBlock: 1n });
  });
});
