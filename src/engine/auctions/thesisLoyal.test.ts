import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Order } from '../types';
import { LOYALTY_SCALE } from '../units';
import { createMechanism } from './index';
import { codeLoyalPrice, createThesisLoyal } from './thesisLoyal';
import { ctxFor, order, violations } from '../../../test/support/mechanismTestkit';
import { expectCodeProperties } from '../../../test/support/thesisCodeReference';

const faulty = createThesisLoyal({ faults: true });
const fixed = createThesisLoyal({ faults: false });
const ctx = ctxFor(1);
const L = (x: number): { loyalty: number } => ({ loyalty: x * LOYALTY_SCALE });
/** One whole coin per 100 Wh in base units per Wh. */
const COIN = 10_000;

function fill(o: Order, approvedWh: number, returnedWh: number, rejectedWh: number): object {
  return { id: o.id, approvedWh, returnedWh, rejectedWh };
}

describe('thesis-loyal: the code’s loyaltyDA', () => {
  it('off-by-one in k: the last record pair is never tested, so its midpoint can set p', () => {
    const b1 = order('buy', 100, 5, 0);
    const b2 = order('buy', 100, 4, 1);
    const a1 = order('sell', 100, 1, 2);
    const a2 = order('sell', 100, 9, 3);
    const book = [b1, b2, a1, a2];
    // Records: bids 5 4, asks 1 9, so two pairs and the walk is range(2 - 1): only pair 0 (5 >= 1)
    // is tested, k = 1, and pair 1 (4, 9), which does not cross, sets p = floor(13 / 2) = 6.
    // No bid is >= 6: both are cut. a1 (1 <= 6) is approved but has no bid: returned. a2 is cut.
    const r = faulty.clear(book, ctx);
    expect(r.trades).toEqual([]);
    expect(r.fills).toEqual([
      fill(b1, 0, 0, 100),
      fill(b2, 0, 0, 100),
      fill(a1, 0, 100, 0),
      fill(a2, 0, 0, 100),
    ]);
    // eqAuction: a1 is the only approved record, 100 Wh * |1 - 6| = 500 coin-Wh per 100 Wh,
    // i.e. 5 coins = 5,000,000 base units.
    expect(r.code).toEqual({
      branch: 'loyal',
      faults: true,
      bothSides: true,
      k: 1,
      approvalPrice: 6,
      records: [0, 0, 0, 0],
      utility: 5_000_000,
    });
    // Without the fault pair 1 is tested and fails: k = 0, p = floor((5 + 1) / 2) = 3. Bids >= 3:
    // both; asks <= 3: a1. b1 with a1 at round((1 * 1 + 5 * 1) / 2) = 3; b2 returned; a2 cut.
    // eqAuction: b1 100 * 2 + b2 100 * 1 + a1 100 * 2 = 500 -> 5,000,000 base units.
    const g = fixed.clear(book, ctx);
    expect(g.trades).toEqual([
      {
        buyOrder: b1.id,
        sellOrder: a1.id,
        buyer: 0,
        seller: 2,
        energyWh: 100,
        pricePerWh: 3 * COIN,
      },
    ]);
    expect(g.fills).toEqual([
      fill(b1, 100, 0, 0),
      fill(b2, 0, 100, 0),
      fill(a1, 100, 0, 0),
      fill(a2, 0, 0, 100),
    ]);
    expect(g.code).toMatchObject({ faults: false, k: 0, approvalPrice: 3, records: [1, 0, 1, 0] });
    expect(g.code?.utility).toBe(5_000_000);
  });

  it('off-by-one with one pair: the code never tests it and clears an uncrossed book at k = 0', () => {
    const b = order('buy', 100, 3, 0);
    const a = order('sell', 100, 4, 1);
    // One record each: range(0) tests nothing, k = 0, p = floor(7 / 2) = 3. The bid (3 >= 3) is
    // approved and returned, the ask (4 > 3) cut. Without the fault the pair fails: k = -1,
    // everything cut.
    const r = faulty.clear([b, a], ctx);
    expect(r.fills).toEqual([fill(b, 0, 100, 0), fill(a, 0, 0, 100)]);
    expect(r.code).toMatchObject({ k: 0, approvalPrice: 3, utility: 0 });
    const g = fixed.clear([b, a], ctx);
    expect(g.fills).toEqual([fill(b, 0, 0, 100), fill(a, 0, 0, 100)]);
    expect(g.code).toMatchObject({ k: -1, approvalPrice: null, utility: 0 });
  });

  it('k = -1 when the first pair does not cross: every order is cut', () => {
    const b = order('buy', 200, 3, 0);
    const a = order('sell', 200, 4, 1);
    // Records 3 3 against 4 4: pair 0 fails, k = 0 - 1 = -1 with or without the fault.
    for (const m of [faulty, fixed]) {
      const r = m.clear([b, a], ctx);
      expect(r.trades).toEqual([]);
      expect(r.fills).toEqual([fill(b, 0, 0, 200), fill(a, 0, 0, 200)]);
      expect(r.code).toMatchObject({ k: -1, approvalPrice: null, records: [0, 0], utility: 0 });
    }
  });

  it('approves by price, not the first k pairs', () => {
    const b = [order('buy', 100, 9, 0), order('buy', 100, 8, 1), order('buy', 100, 7, 2)];
    const a = [order('sell', 100, 1, 3), order('sell', 100, 2, 4), order('sell', 100, 9, 5)];
    const book = [...b, ...a];
    // Without the fault: pairs (9,1) (8,2) cross, (7,9) does not, k = 1, p = floor((8 + 2) / 2) =
    // 5. All three bids are >= 5, so the bid at 7, outside the two crossing pairs, is approved
    // and, with no ask left, returned (not rejected). Asks <= 5: the first two. Pairs at
    // round((1 + 9) / 2) = 5 and round((2 + 8) / 2) = 5.
    const g = fixed.clear(book, ctx);
    expect(g.trades.map((t) => [t.buyOrder, t.sellOrder, t.energyWh, t.pricePerWh])).toEqual([
      [b[0]?.id, a[0]?.id, 100, 5 * COIN],
      [b[1]?.id, a[1]?.id, 100, 5 * COIN],
    ]);
    expect(g.fills.map((f) => [f.approvedWh, f.returnedWh, f.rejectedWh])).toEqual([
      [100, 0, 0],
      [100, 0, 0],
      [0, 100, 0],
      [100, 0, 0],
      [100, 0, 0],
      [0, 0, 100],
    ]);
    // With the fault: only pairs 0 and 1 are tested, k = 2, p = floor((7 + 9) / 2) = 8, so the
    // bid at 7 is cut. eqAuction at p = 8: bids 100 * 1 + 100 * 0, asks 100 * 7 + 100 * 6 = 1400.
    const r = faulty.clear(book, ctx);
    expect(r.trades).toEqual(g.trades);
    expect(r.fills[2]).toEqual({ id: b[2]?.id, approvedWh: 0, returnedWh: 0, rejectedWh: 100 });
    expect(r.code).toMatchObject({ k: 2, approvalPrice: 8, utility: 14_000_000 });
  });

  it('splits into records, pairs them in order, prices each pair by loyalty, counts records', () => {
    const b1 = order('buy', 300, 6, 0, L(3));
    const a1 = order('sell', 100, 2, 1, L(1));
    const a2 = order('sell', 200, 4, 2, L(1));
    // Records: bids 6 6 6, asks 2 4 4. Pairs 0 and 1 cross, k = 2 (pair 2 untested but crossing
    // anyway), p = floor((6 + 4) / 2) = 5: everything approved.
    // Record 1 (b1, a1): (2 * 3 + 6 * 1) / 4 = 3. Records 2-3 (b1, a2): (4 * 3 + 6 * 1) / 4 = 4.5,
    // which the code's Python 2 round() takes away from zero: 5 (Python 3 would say 4).
    // Summed: b1 with a1 100 Wh at 3, b1 with a2 200 Wh at 5, so b1 has two trade records.
    const r = faulty.clear([b1, a1, a2], ctx);
    expect(r.trades).toEqual([
      {
        buyOrder: b1.id,
        sellOrder: a1.id,
        buyer: 0,
        seller: 1,
        energyWh: 100,
        pricePerWh: 3 * COIN,
      },
      {
        buyOrder: b1.id,
        sellOrder: a2.id,
        buyer: 0,
        seller: 2,
        energyWh: 200,
        pricePerWh: 5 * COIN,
      },
    ]);
    // eqAuction at p = 5: b1 300 * 1 + a1 100 * 3 + a2 200 * 1 = 800 -> 8,000,000 base units.
    expect(r.code).toMatchObject({
      k: 2,
      approvalPrice: 5,
      records: [2, 1, 1],
      utility: 8_000_000,
    });
    expect(violations([b1, a1, a2], r)).toEqual([]);
  });

  it('breaks price ties by loyalty, then by the larger energy', () => {
    const low = order('buy', 100, 5, 0, L(1));
    const small = order('buy', 100, 5, 1, L(2));
    const large = order('buy', 200, 5, 2, L(2));
    const ask = order('sell', 200, 3, 3, L(1));
    // Bids sorted: large (loyalty 2, 200 Wh), small (loyalty 2, 100 Wh), low (loyalty 1). Records
    // 5 5 5 5 against 3 3: range(1) tests (5, 3), k = 1, p = floor(8 / 2) = 4. The two ask records
    // go to `large` at (3 * 2 + 5 * 1) / 3 = 3.67 -> 4; small and low are returned.
    const r = faulty.clear([low, small, large, ask], ctx);
    expect(r.trades).toEqual([
      {
        buyOrder: large.id,
        sellOrder: ask.id,
        buyer: 2,
        seller: 3,
        energyWh: 200,
        pricePerWh: 4 * COIN,
      },
    ]);
    expect(r.fills.map((f) => f.returnedWh)).toEqual([100, 100, 0, 0]);
  });

  it('with one side empty clears nothing, returns everything and says so', () => {
    const only = [order('buy', 300, 4, 0), order('buy', 100, 2, 1)];
    const r = faulty.clear(only, ctx);
    expect(r.trades).toEqual([]);
    expect(r.fills.map((f) => f.returnedWh)).toEqual([300, 100]);
    expect(r.code).toEqual({
      branch: 'loyal',
      faults: true,
      bothSides: false,
      k: null,
      approvalPrice: null,
      records: [0, 0],
      utility: 0,
    });
    expect(faulty.clear([], ctx).code).toMatchObject({ bothSides: false, records: [] });
  });

  it("rounds the weighted price to a whole price, half away from zero, as Python 2's round()", () => {
    const M = LOYALTY_SCALE;
    expect(codeLoyalPrice(2, 3, M, M)).toBe(3); // 2.5 -> 3
    expect(codeLoyalPrice(2, 5, M, M)).toBe(4); // 3.5 -> 4
    expect(codeLoyalPrice(3, 6, 2 * M, M)).toBe(4); // (6 + 6) / 3 = 4
    expect(codeLoyalPrice(2, 6, 3 * M, M)).toBe(3); // (6 + 6) / 4 = 3
    expect(codeLoyalPrice(2, 6, M, 3 * M)).toBe(5); // (2 + 18) / 4 = 5
    expect(codeLoyalPrice(2, 6, 2 * M, M)).toBe(3); // 10 / 3 = 3.33 -> 3
    expect(codeLoyalPrice(2, 6, M, 2 * M)).toBe(5); // 14 / 3 = 4.67 -> 5
    // Past 2^53 the bigint path keeps the rule: (999,999 + 1,000,000) / 2 = 999,999.5 -> up.
    expect(codeLoyalPrice(999_999, 1_000_000, 9e15, 9e15)).toBe(1_000_000);
  });

  it('agrees with the float formula the code evaluates wherever that is not a near-half', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 50 * LOYALTY_SCALE }),
        fc.integer({ min: 1, max: 50 * LOYALTY_SCALE }),
        (x, y, lb, ls) => {
          const ask = Math.min(x, y);
          const bid = Math.max(x, y);
          const sum = lb + ls;
          const float = ask * (lb / sum) + bid * (ls / sum);
          fc.pre(Math.abs(float - Math.floor(float) - 0.5) > 1e-9);
          expect(codeLoyalPrice(ask, bid, lb, ls)).toBe(Math.round(float));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('on random books, faults on and off: sound, the code’s walk, the fault only at the end', () => {
    expectCodeProperties('loyal', createThesisLoyal);
  });

  it('is created by the registry with faults on unless told otherwise, and refuses a bad flag', () => {
    const on = createMechanism('thesis-loyal').clear([order('buy', 100, 3, 0)], ctx);
    expect(on.mechanism).toBe('thesis-loyal');
    expect(on.code?.faults).toBe(true);
    const off = createMechanism('thesis-loyal', { faults: false, priceMin: 2 });
    expect(off.clear([], ctx).code?.faults).toBe(false);
    expect(() => createMechanism('thesis-loyal', { faults: 'yes' })).toThrow(
      'thesis-loyal faults: got "yes"; allowed: true | false',
    );
  });
});
