import { describe, expect, it } from 'vitest';
import type { Address } from 'viem';
import { accountOf as acct, logChain, takeEvent } from '../../test/support/logChain';
import { followTakers } from './people';

const MARKET = '0x00000000000000000000000000000000000000aa' as Address;
const take = (i: number) => takeEvent(i);
const release = (i: number) => takeEvent(i, false);

describe('following take and release logs', () => {
  it('reads each block once: every poll asks only for the blocks mined since the last', async () => {
    const chain = logChain(MARKET);
    const takers = followTakers(chain.client, MARKET);
    chain.mine(take(2));
    chain.mine();
    expect([...(await takers.read())]).toEqual([[2, acct(2)]]);
    expect(takers.lastBlock).toBe(2n);

    chain.mine(take(5));
    expect([...(await takers.read())].sort()).toEqual([
      [2, acct(2)],
      [5, acct(5)],
    ]);
    // Nothing new: a poll asks for no block at all.
    await takers.read();
    chain.mine(release(2));
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
    const chain = logChain(MARKET);
    const takers = followTakers(chain.client, MARKET);
    chain.mine(take(1), release(1), take(3));
    chain.mine(release(3), take(3));
    expect([...(await takers.read())]).toEqual([[3, acct(3)]]);
    chain.mine(take(1));
    chain.mine(release(3));
    expect([...(await takers.read())]).toEqual([[1, acct(1)]]);
  });

  it('answers overlapping reads without folding a block twice', async () => {
    const chain = logChain(MARKET);
    const takers = followTakers(chain.client, MARKET);
    chain.mine(take(4));
    const [a, b] = await Promise.all([takers.read(), takers.read()]);
    expect([...a]).toEqual([[4, acct(4)]]);
    expect([...b]).toEqual([[4, acct(4)]]);
    expect(chain.asked.filter((q) => q.eventName === 'HouseholdTaken')).toHaveLength(1);
    // What a read answered is a copy: a later release does not change it behind the caller.
    chain.mine(release(4));
    await takers.read();
    expect([...a]).toEqual([[4, acct(4)]]);
  });

  it('starts again from block 0 when the chain restarted below the last block read', async () => {
    const chain = logChain(MARKET);
    const takers = followTakers(chain.client, MARKET);
    chain.mine(take(1));
    chain.mine();
    chain.mine();
    expect([...(await takers.read())]).toEqual([[1, acct(1)]]);
    chain.restart();
    chain.mine(take(6));
    expect([...(await takers.read())]).toEqual([[6, acct(6)]]);
    expect(chain.asked.at(-1)).toMatchObject({ fromBlock: 0n, toBlock: 1n });
  });
});
