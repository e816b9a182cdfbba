import { describe, expect, it } from 'vitest';
import type { Address } from 'viem';
import { logChain, openedEvent, orderEvent } from '../../test/support/logChain';
import { followRoundOrders, readRoundOrders, readRoundSeats } from './people';

const MARKET = '0x00000000000000000000000000000000000000aa' as Address;
const householdsOf = (orders: readonly { household: number }[]) => orders.map((o) => o.household);

describe("following a round's orders from the block it was opened in", () => {
  it('finds an order in the opening block itself, then reads each later block once', async () => {
    const chain = logChain(MARKET);
    chain.mineEmpty(50);
    chain.mine(orderEvent(3, 9));
    // Round 4 opened in block 52, household 1's order mined in the same block.
    chain.mine(openedEvent(4), orderEvent(4, 1));
    const orders = followRoundOrders(chain.client, MARKET, 4, chain.head);
    expect(householdsOf(await orders.read())).toEqual([1]);
    expect(orders.lastBlock).toBe(52n);

    chain.mine(orderEvent(4, 2, 'sell'));
    chain.mineEmpty(1);
    const two = await orders.read();
    expect(two.map((o) => [o.household, o.side, o.blockNumber])).toEqual([
      [1, 'buy', 52],
      [2, 'sell', 53],
    ]);
    // Nothing new: a poll asks for no block at all.
    await orders.read();
    chain.mine(orderEvent(4, 3), orderEvent(5, 3));
    expect(householdsOf(await orders.read())).toEqual([1, 2, 3]);

    expect(chain.asked.map((q) => [q.fromBlock, q.toBlock])).toEqual([
      [52n, 52n],
      [53n, 54n],
      [55n, 55n],
    ]);
  });

  it('answers overlapping reads without reading a block twice', async () => {
    const chain = logChain(MARKET);
    chain.mineEmpty(5);
    chain.mine(openedEvent(0));
    const orders = followRoundOrders(chain.client, MARKET, 0, chain.head);
    chain.mine(orderEvent(0, 7));
    const [a, b] = await Promise.all([orders.read(), orders.read()]);
    expect(householdsOf(a)).toEqual([7]);
    expect(householdsOf(b)).toEqual([7]);
    expect(chain.asked).toHaveLength(1);
    // What a read answered is a copy: a later order does not change it behind the caller.
    chain.mine(orderEvent(0, 8));
    await orders.read();
    expect(householdsOf(a)).toEqual([7]);
  });

  it('starts again from block 0 when the chain restarted below the blocks read', async () => {
    const chain = logChain(MARKET);
    chain.mineEmpty(20);
    chain.mine(openedEvent(0), orderEvent(0, 1));
    const orders = followRoundOrders(chain.client, MARKET, 0, chain.head);
    expect(householdsOf(await orders.read())).toEqual([1]);
    chain.restart();
    chain.mine(openedEvent(0));
    chain.mine(orderEvent(0, 6));
    expect(householdsOf(await orders.read())).toEqual([6]);
    expect(chain.asked.at(-1)).toMatchObject({ fromBlock: 0n, toBlock: 2n });
  });

  it('starts from block 0 when the chain restarted before the first read, below the opening block', async () => {
    const chain = logChain(MARKET);
    chain.mineEmpty(30);
    const openedIn = chain.head;
    chain.restart();
    chain.mine(openedEvent(0), orderEvent(0, 4));
    const orders = followRoundOrders(chain.client, MARKET, 0, openedIn);
    expect(householdsOf(await orders.read())).toEqual([4]);
    expect(chain.asked).toEqual([{ eventName: 'OrderSubmitted', fromBlock: 0n, toBlock: 1n }]);
  });

  it('reads once from the block given, and from block 0 when none is', async () => {
    const chain = logChain(MARKET);
    chain.mineEmpty(9);
    chain.mine(openedEvent(2), orderEvent(2, 5));
    expect(householdsOf(await readRoundOrders(chain.client, MARKET, 2, 10n))).toEqual([5]);
    expect(await readRoundSeats(chain.client, MARKET, 2, 10n)).toEqual([]);
    expect(householdsOf(await readRoundOrders(chain.client, MARKET, 2))).toEqual([5]);
    expect(chain.asked.map((q) => [q.eventName, q.fromBlock])).toEqual([
      ['OrderSubmitted', 10n],
      ['RoundOpened', 10n],
      ['OrderSubmitted', 0n],
    ]);
  });
});
