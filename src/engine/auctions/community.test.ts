import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Order } from '../types';
import { BASE_PER_COIN } from '../units';
import { createCommunity, createCommunityMechanism } from './community';
import { createMechanism } from './index';
import { bookArb, ctxFor, order, violations } from '../../../test/support/mechanismTestkit';

describe('community netting', () => {
  it("reproduces the thesis's table 7.1 (1 kWh read as 100 Wh at 1 coin per 100 Wh)", () => {
    const m = createCommunityMechanism({ rateCoinsPer100Wh: 1, nettingPeriodRounds: 24 });
    const x1 = order('buy', 5000, 1, 0);
    const x2 = order('sell', 5500, 1, 1);
    const x3 = order('buy', 2000, 1, 2);
    const x4 = order('sell', 4000, 1, 3);
    const x5 = order('buy', 2000, 1, 4);
    const orders = [x1, x2, x3, x4, x5];
    const r = m.clear(orders, ctxFor(1));
    // 0x2 offers most, so it settles first: 50 to 0x1, 5 to 0x3; then 0x4: 15 to 0x3, 20 to 0x5.
    expect(r.trades.map((t) => [t.seller, t.buyer, t.energyWh])).toEqual([
      [1, 0, 5000],
      [1, 2, 500],
      [3, 2, 1500],
      [3, 4, 2000],
    ]);
    expect(r.clearingPrice).toBe(1);
    // 0x4 keeps 5 after settlement.
    expect(r.fills[3]).toEqual({ id: x4.id, approvedWh: 3500, returnedWh: 500, rejectedWh: 0 });
    expect(m.ledger().map((e) => e.balance / BASE_PER_COIN)).toEqual([-50, 55, -20, 35, -20]);
    expect(violations(orders, r)).toEqual([]);
  });

  it('rejects members whose limit is worse than the rate and nets the ledger every period', () => {
    const m = createCommunityMechanism({ rateCoinsPer100Wh: 5, nettingPeriodRounds: 2 });
    const round0 = [order('sell', 300, 4, 0), order('buy', 200, 6, 1), order('buy', 100, 4, 2)];
    const r0 = m.clear(round0, ctxFor(1, 0));
    expect(r0.fills.map((f) => [f.approvedWh, f.returnedWh, f.rejectedWh])).toEqual([
      [200, 100, 0],
      [200, 0, 0],
      [0, 0, 100], // bids 4 below the rate 5
    ]);
    expect(m.ledger()).toEqual([
      { agent: 0, creditWh: 200, debitWh: 0, balance: 200 * 50_000 },
      { agent: 1, creditWh: 0, debitWh: 200, balance: -200 * 50_000 },
    ]);
    expect(m.nettings()).toEqual([]);
    m.clear([order('sell', 100, 5, 1), order('buy', 100, 9, 0)], ctxFor(1, 1));
    // Second round closes the period: positions netted (0 and 1 each +-100 Wh net) and cleared.
    expect(m.ledger()).toEqual([]);
    expect(m.nettings()).toEqual([
      {
        round: 1,
        entries: [
          { agent: 0, creditWh: 200, debitWh: 100, balance: 100 * 50_000 },
          { agent: 1, creditWh: 100, debitWh: 200, balance: -100 * 50_000 },
        ],
      },
    ]);
  });

  it('refuses a bad rate or period, naming the field and what is allowed', () => {
    expect(() => createCommunityMechanism({ rateCoinsPer100Wh: -1 })).toThrow(
      /rateCoinsPer100Wh: got -1, allowed: a number >= 0/,
    );
    expect(() => createCommunityMechanism({ rateCoinsPer100Wh: Number.NaN })).toThrow(
      /rateCoinsPer100Wh: got NaN/,
    );
    expect(() => createCommunityMechanism({ nettingPeriodRounds: 1.5 })).toThrow(
      /nettingPeriodRounds: got 1.5/,
    );
  });

  it('properties over many rounds: IR, conservation, ledger nets to zero, production order', () => {
    fc.assert(
      fc.property(
        fc.array(bookArb, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 4 }),
        (rounds, rate, period) => {
          const m = createCommunityMechanism({
            rateCoinsPer100Wh: rate,
            nettingPeriodRounds: period,
          });
          const twin = createCommunityMechanism({
            rateCoinsPer100Wh: rate,
            nettingPeriodRounds: period,
          });
          rounds.forEach((orders, round) => {
            const r = m.clear(orders, ctxFor(round, round));
            expect(violations(orders, r)).toEqual([]);
            expect(twin.clear(orders, ctxFor(round + 99, round))).toEqual(r);
            expect(m.ledger().reduce((s, e) => s + e.balance, 0)).toBe(0);
            expect(m.ledger().reduce((s, e) => s + e.creditWh - e.debitWh, 0)).toBe(0);
            // Production order: among eligible sellers by offer descending, once one is left
            // with energy unsold, every later one sold nothing.
            const sellers = orders
              .map((o, i) => ({ o, f: r.fills[i]! }))
              .filter(({ o }) => o.side === 'sell' && o.price <= rate)
              .sort((a, b) => b.o.energyWh - a.o.energyWh || a.o.agent - b.o.agent);
            let starved = false;
            for (const { o, f } of sellers) {
              if (starved) expect(f.approvedWh).toBe(0);
              if (f.approvedWh < o.energyWh) starved = true;
            }
          });
          for (const n of m.nettings()) {
            expect(n.entries.reduce((s, e) => s + e.balance, 0)).toBe(0);
          }
          expect(m.nettings().length).toBe(Math.floor(rounds.length / period));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('takes its rate from registry params, defaulting to the middle of the price list', () => {
    expect(createCommunity({ priceMin: 2, priceMax: 8 }).options.rateCoinsPer100Wh).toBe(5);
    expect(createCommunity({ priceMin: 3, priceMax: 8 }).options.rateCoinsPer100Wh).toBe(5.5);
    const explicit = createCommunity({
      communityRate: 4,
      priceMin: 2,
      priceMax: 8,
      nettingPeriodRounds: 6,
    });
    expect(explicit.options).toEqual({ rateCoinsPer100Wh: 4, nettingPeriodRounds: 6 });
    const viaRegistry = createMechanism('community', { priceMin: 4, priceMax: 8 });
    expect(
      viaRegistry.clear([order('sell', 100, 6, 0), order('buy', 100, 6, 1)], ctxFor(0)).trades[0]
        ?.pricePerWh,
    ).toBe(60_000);
    expect(() => createCommunity({ communityRate: 'cheap' })).toThrow(/communityRate: got "cheap"/);
  });

  it('every trade is at the fixed rate', () => {
    fc.assert(
      fc.property(bookArb, (orders: Order[]) => {
        const r = createCommunityMechanism({ rateCoinsPer100Wh: 4.5 }).clear(orders, ctxFor(0));
        for (const t of r.trades) expect(t.pricePerWh).toBe(45_000);
      }),
    );
  });
});
