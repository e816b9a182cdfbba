import { describe, expect, it } from 'vitest';
import { LOYALTY_SCALE } from '../units';
import { createMechanism } from './index';
import { createThesisSimple } from './thesisSimple';
import { ctxFor, order } from '../../../test/support/mechanismTestkit';
import { expectCodeProperties } from '../../../test/support/thesisCodeReference';

const faulty = createThesisSimple({ faults: true });
const fixed = createThesisSimple({ faults: false });
const ctx = ctxFor(1);
/** One whole coin per 100 Wh in base units per Wh. */
const COIN = 10_000;

describe('thesis-simple: the code’s simpleDReduceAuction', () => {
  it('pairs whole orders greedily by volume, each pair at floor((bid + ask) / 2)', () => {
    const b1 = order('buy', 500, 6, 0);
    const b2 = order('buy', 100, 5, 1);
    const a1 = order('sell', 100, 2, 2);
    const a2 = order('sell', 400, 5, 3);
    // Orders, not records: bids 6 5, asks 2 5. range(2 - 1) tests (6, 2): k = 1, and pair 1
    // (5, 5) sets p = ceil(10 / 2) = 5. Approved: both bids (>= 5), both asks (<= 5).
    // Greedy: b1's 500 Wh take a1's 100 at floor((6 + 2) / 2) = 4, then a2's 400 at
    // floor((6 + 5) / 2) = 5. b2 is left: returned.
    const r = faulty.clear([b1, b2, a1, a2], ctx);
    expect(r.trades).toEqual([
      {
        buyOrder: b1.id,
        sellOrder: a1.id,
        buyer: 0,
        seller: 2,
        energyWh: 100,
        pricePerWh: 4 * COIN,
      },
      {
        buyOrder: b1.id,
        sellOrder: a2.id,
        buyer: 0,
        seller: 3,
        energyWh: 400,
        pricePerWh: 5 * COIN,
      },
    ]);
    expect(r.fills.map((f) => [f.approvedWh, f.returnedWh, f.rejectedWh])).toEqual([
      [500, 0, 0],
      [0, 100, 0],
      [100, 0, 0],
      [400, 0, 0],
    ]);
    // eqAuction at p = 5 over whole orders: b1 500 * 1 + b2 0 + a1 100 * 3 + a2 0 = 800 coin-Wh
    // per 100 Wh = 8 coins = 8,000,000 base units.
    expect(r.code).toEqual({
      branch: 'simple',
      faults: true,
      bothSides: true,
      k: 1,
      approvalPrice: 5,
      records: [2, 0, 1, 1],
      utility: 8_000_000,
    });
  });

  it('approves at p = ceil of the midpoint: a bid at the floor is cut', () => {
    const b1 = order('buy', 200, 5, 0);
    const b2 = order('buy', 100, 3, 1);
    const a1 = order('sell', 100, 2, 2);
    const a2 = order('sell', 100, 4, 3);
    // Without the fault: (5, 2) crosses, (3, 4) does not, k = 0, p = ceil(7 / 2) = 4 (the loyal
    // branch's floor would give 3 and approve b2). Bids >= 4: b1; asks <= 4: both. b1's 200 Wh
    // take a1 at floor(7 / 2) = 3 and a2 at floor(9 / 2) = 4; b2 is cut. With the fault k = 1 and
    // p = ceil((3 + 4) / 2) = 4 too: the same clearing.
    for (const m of [fixed, faulty]) {
      const r = m.clear([b1, b2, a1, a2], ctx);
      expect(r.trades.map((t) => [t.sellOrder, t.energyWh, t.pricePerWh])).toEqual([
        [a1.id, 100, 3 * COIN],
        [a2.id, 100, 4 * COIN],
      ]);
      expect(r.fills[1]).toEqual({ id: b2.id, approvedWh: 0, returnedWh: 0, rejectedWh: 100 });
      expect(r.code?.approvalPrice).toBe(4);
    }
  });

  it('off-by-one in k over whole orders: the untested last pair sets p', () => {
    const b1 = order('buy', 300, 6, 0);
    const b2 = order('buy', 200, 4, 1);
    const a1 = order('sell', 100, 2, 2);
    const a2 = order('sell', 100, 8, 3);
    const book = [b1, b2, a1, a2];
    // With the fault: only (6, 2) is tested, k = 1, p = ceil((4 + 8) / 2) = 6. b1 approved, b2
    // cut; a1 approved, a2 cut. b1 takes a1's 100 Wh at floor(8 / 2) = 4, 200 Wh returned.
    const r = faulty.clear(book, ctx);
    expect(r.fills.map((f) => [f.approvedWh, f.returnedWh, f.rejectedWh])).toEqual([
      [100, 200, 0],
      [0, 0, 200],
      [100, 0, 0],
      [0, 0, 100],
    ]);
    expect(r.code).toMatchObject({ k: 1, approvalPrice: 6 });
    // Without: (4, 8) fails, k = 0, p = ceil((6 + 2) / 2) = 4, so b2 is approved and returned.
    const g = fixed.clear(book, ctx);
    expect(g.trades).toEqual(r.trades);
    expect(g.fills[1]).toEqual({ id: b2.id, approvedWh: 0, returnedWh: 200, rejectedWh: 0 });
    expect(g.code).toMatchObject({ k: 0, approvalPrice: 4 });
  });

  it('breaks price ties by the larger energy and ignores loyalty', () => {
    const small = order('buy', 100, 5, 0, { loyalty: 9 * LOYALTY_SCALE });
    const large = order('buy', 300, 5, 1);
    const ask = order('sell', 100, 3, 2);
    // One ask: range(0) tests nothing, k = 0, p = ceil((5 + 3) / 2) = 4. `large` sorts first
    // (300 Wh) whatever the loyalties: it takes the 100 Wh at floor(8 / 2) = 4; 200 Wh of it and
    // all of `small` are returned.
    const r = faulty.clear([small, large, ask], ctx);
    expect(r.trades).toEqual([
      {
        buyOrder: large.id,
        sellOrder: ask.id,
        buyer: 1,
        seller: 2,
        energyWh: 100,
        pricePerWh: 4 * COIN,
      },
    ]);
    expect(r.fills.map((f) => f.returnedWh)).toEqual([100, 200, 0]);
  });

  it('cuts everything when the first pair does not cross, and clears nothing with one side', () => {
    const uncrossed = [order('buy', 200, 3, 0), order('buy', 100, 2, 1), order('sell', 100, 4, 2)];
    // Orders 3 2 against 4: one pair, untested with the fault: k = 0, p = ceil(7 / 2) = 4, no
    // bid is >= 4 (both cut), the ask (4 <= 4) is approved and returned. Without: k = -1.
    expect(faulty.clear(uncrossed, ctx).fills.map((f) => [f.returnedWh, f.rejectedWh])).toEqual([
      [0, 200],
      [0, 100],
      [100, 0],
    ]);
    expect(fixed.clear(uncrossed, ctx).fills.map((f) => f.rejectedWh)).toEqual([200, 100, 100]);
    expect(fixed.clear(uncrossed, ctx).code).toMatchObject({ k: -1, approvalPrice: null });
    const sellers = [order('sell', 300, 4, 0)];
    expect(faulty.clear(sellers, ctx).code).toMatchObject({ bothSides: false, k: null });
    expect(faulty.clear(sellers, ctx).fills[0]?.returnedWh).toBe(300);
  });

  it('on random books, faults on and off: sound, the code’s walk, the fault only at the end', () => {
    expectCodeProperties('simple', createThesisSimple);
  });

  it('is created by the registry with faults on unless told otherwise, and refuses a bad flag', () => {
    expect(createMechanism('thesis-simple').clear([], ctx).code).toMatchObject({
      branch: 'simple',
      faults: true,
    });
    expect(createMechanism('thesis-simple', { faults: false }).clear([], ctx).code?.faults).toBe(
      false,
    );
    expect(() => createMechanism('thesis-simple', { faults: 1 })).toThrow(
      'thesis-simple faults: got 1; allowed: true | false',
    );
  });
});
