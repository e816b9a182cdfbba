/**
 * The operator's side of rounds opened for people, as PeopleRounds needs it: opening, closing
 * deadlines and scores through the settler (which owns the operator's nonce), and the orders of the
 * round now open read from the block it was opened in, by a cursor, rather than from block 0.
 */
import type { Address, PublicClient } from 'viem';
import {
  chainNowSeconds,
  followRoundOrders,
  followTakers,
  type RoundOrdersFollower,
  type Settler,
} from '../chain';
import type { PeopleChain } from './peopleRounds';

export function peopleChainOf(
  settler: Pick<Settler, 'openRound' | 'closeRound' | 'setDeadline' | 'postScores'>,
  reader: PublicClient,
  market: Address,
): PeopleChain {
  // One follower per market: each poll reads only the blocks since the last one.
  const takers = followTakers(reader, market);
  // The round opened last, whose orders are polled every 250 ms while it is open; rounds open
  // one at a time, so a round's follower is dropped when the next one opens.
  let current: { round: number; orders: RoundOrdersFollower } | null = null;
  return {
    market,
    openRound: async (round, min, max, seats, deadline) => {
      const hash = await settler.openRound(round, min, max, seats, deadline);
      // The receipt names the block exactly: no order for the round can come before it, and
      // one may share it.
      const { blockNumber } = await reader.getTransactionReceipt({ hash });
      current = { round, orders: followRoundOrders(reader, market, round, blockNumber) };
      return hash;
    },
    closeRound: (round) => settler.closeRound(round),
    setDeadline: (round, deadline) => settler.setDeadline(round, deadline),
    readOrders: (round) => {
      // A round this side did not open (none is expected) is followed from block 0.
      if (current?.round !== round) {
        current = { round, orders: followRoundOrders(reader, market, round, 0n) };
      }
      return current.orders.read();
    },
    readTakers: () => takers.read(),
    chainNow: () => chainNowSeconds(reader),
    postScores: (rounds, scores) => settler.postScores(rounds, scores),
  };
}
