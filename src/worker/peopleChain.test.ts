import { describe, expect, it } from 'vitest';
import type { Address, Hash } from 'viem';
import { logChain, openedEvent, orderEvent } from '../../test/support/logChain';
import { peopleChainOf } from './peopleChain';

const MARKET = '0x00000000000000000000000000000000000000aa' as Address;
const householdsOf = (orders: readonly { household: number }[]) => orders.map((o) => o.household);

/**
 * The operator's calls on the stand-in chain: openRound mines the RoundOpened log, and with it
 * whatever orders `alongside` says arrive in the same block.
 */
function standInSettler(chain: ReturnType<typeof logChain>) {
  const alongside = new Map<number, number[]>();
  return {
    alongside,
    settler: {
      openRound: async (round: number): Promise<Hash> => {
        const extra = (alongside.get(round) ?? []).map((h) => orderEvent(round, h));
        const [hash] = chain.mine(openedEvent(round), ...extra);
        return hash as Hash;
      },
      closeRound: async (round: number): Promise<Hash> =>
        chain.mine({ eventName: 'RoundClosed', args: { round: BigInt(round) } })[0] as Hash,
      setDeadline: async (round: number): Promise<Hash> =>
        chain.mine({ eventName: 'DeadlineSet', args: { round: BigInt(round) } })[0] as Hash,
      postScores: async (rounds: number): Promise<Hash> =>
        chain.mine({ eventName: 'ScoresPosted', args: { rounds: BigInt(rounds) } })[0] as Hash,
    },
  };
}

describe("the worker's reading of a round's orders", () => {
  it('reads each round from the block it was opened in, never from block 0, an order in that block included', async () => {
    const chain = logChain(MARKET);
    // A run's history: hundreds of settlement blocks before anyone plays.
    chain.mineEmpty(400);
    const { settler, alongside } = standInSettler(chain);
    const people = peopleChainOf(settler, chain.client, MARKET);

    const opened: bigint[] = [];
    for (const round of [7, 8]) {
      alongside.set(round, [round === 7 ? 1 : 2]);
      await people.openRound(round, 1, 50, [], 0);
      opened.push(chain.head);
      // The poll while open, as PeopleRounds does it, with orders arriving between polls.
      expect(householdsOf(await people.readOrders(round))).toEqual([round === 7 ? 1 : 2]);
      chain.mine(orderEvent(round, 3));
      await people.setDeadline(round, 0);
      expect(householdsOf(await people.readOrders(round))).toEqual([round === 7 ? 1 : 2, 3]);
      await people.readOrders(round);
      await people.closeRound(round);
      const after = await people.readOrders(round);
      expect(after.every((o) => o.round === round)).toBe(true);
      expect(householdsOf(after)).toEqual([round === 7 ? 1 : 2, 3]);
      chain.mineEmpty(100);
    }

    expect(opened).toEqual([401n, 505n]);
    const orderReads = chain.asked.filter((q) => q.eventName === 'OrderSubmitted');
    // Each round from its opening block, then back to back; the poll with nothing new asks none.
    expect(orderReads.map((q) => [q.fromBlock, q.toBlock])).toEqual([
      [401n, 401n],
      [402n, 403n],
      [404n, 404n],
      [505n, 505n],
      [506n, 507n],
      [508n, 508n],
    ]);
  });

  it('reads a round it did not open from block 0, since it cannot know where it began', async () => {
    const chain = logChain(MARKET);
    chain.mineEmpty(10);
    chain.mine(openedEvent(3), orderEvent(3, 4));
    const { settler } = standInSettler(chain);
    const people = peopleChainOf(settler, chain.client, MARKET);
    expect(householdsOf(await people.readOrders(3))).toEqual([4]);
    expect(chain.asked).toEqual([{ eventName: 'OrderSubmitted', fromBlock: 0n, toBlock: 11n }]);
  });
});
