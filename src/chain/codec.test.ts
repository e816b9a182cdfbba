import { describe, expect, it } from 'vitest';
import type { HouseholdState } from '../engine';
import { encodeBatch, encodeRegistrations, EMPTY_BOOKS, type HardRange } from './codec';
import { CodecError } from './errors';
import type { SettleRound } from './types';

function hh(index: number, over: Partial<HouseholdState> = {}): HouseholdState {
  return { index, hasPv: true, coinBalance: 0, ...EMPTY_BOOKS, ...over };
}

function round(n: number, over: Partial<SettleRound> = {}): SettleRound {
  return {
    round: n,
    clearingPrice: null,
    trades: [],
    households: [hh(0), hh(1)],
    params: { priceMin: 1, priceMax: 9 },
    ...over,
  };
}

/** 0 .. 30 coins per 100 Wh, in base units per Wh. */
const hard: HardRange = { floor: 0n, ceiling: 300_000n };

describe('encodeBatch', () => {
  it('packs trades, the round word with its live range, and absolute books', () => {
    const before = [hh(0, { moneyBalance: 100, producedWh: 50 }), hh(1)];
    const r = round(5, {
      clearingPrice: 3.5,
      params: { priceMin: 2, priceMax: 7 },
      trades: [
        { buyOrder: 1, sellOrder: 2, buyer: 1, seller: 0, energyWh: 300, pricePerWh: 35_000 },
      ],
      households: [
        hh(0, { batteryWh: 4_000, loyalty: 1_020_000, moneyBalance: -60, producedWh: 2_050 }),
        hh(1),
      ],
    });
    const enc = encodeBatch([r], before, { hard });
    expect(enc.firstRound).toBe(5n);
    // clearing 35,000 | 1 trade | priceMin 20,000 | priceMax 70,000 (base units per Wh)
    expect(enc.rounds).toEqual([35_000n | (1n << 64n) | (20_000n << 96n) | (70_000n << 160n)]);
    expect(enc.trades).toEqual([1n | (0n << 32n) | (300n << 64n) | (35_000n << 128n)]);
    expect(enc.updateHeads).toEqual([0n | (4_000n << 32n) | (1_020_000n << 72n)]);
    // Books are the totals after the round, not the change: money -60 as int96, produced 2,050.
    expect(enc.updateBooks).toEqual([(2n ** 96n - 60n) | (2_050n << 96n)]);
    expect(enc.updated).toEqual([0]);
    expect(enc.touched).toBe(2);
  });

  it('puts a different buyer price in the top bits and omits an equal one', () => {
    const trade = { buyOrder: 1, sellOrder: 2, buyer: 1, seller: 0, energyWh: 100, pricePerWh: 10 };
    const [same] = encodeBatch([round(0, { trades: [{ ...trade, buyerPricePerWh: 10 }] })], [], {
      hard,
    }).trades;
    const [two] = encodeBatch([round(0, { trades: [{ ...trade, buyerPricePerWh: 15 }] })], [], {
      hard,
    }).trades;
    expect((same as bigint) >> 192n).toBe(0n);
    expect((two as bigint) >> 192n).toBe(15n);
  });

  it("updates each changed household once, with the last round's totals", () => {
    const rounds = [
      round(0, { households: [hh(0, { consumedWh: 10 }), hh(1)] }),
      round(1, { households: [hh(0, { consumedWh: 25 }), hh(1)] }),
    ];
    const enc = encodeBatch(rounds, [], { hard });
    expect(enc.roundCount).toBe(2);
    expect(enc.updateHeads).toEqual([0n]);
    expect(enc.updateBooks).toEqual([25n << 136n]);
  });

  it('sends forced households even when their books did not change', () => {
    expect(encodeBatch([round(0)], [], { hard, force: new Set([1]) }).updated).toEqual([1]);
    expect(encodeBatch([round(0)], [], { hard, force: 'all' }).updated).toEqual([0, 1]);
  });

  it("refuses a round whose range leaves the market's fixed range, naming both", () => {
    expect(() =>
      encodeBatch([round(3, { params: { priceMin: 1, priceMax: 31 } })], [], { hard }),
    ).toThrow(
      "round 3: its price range [1, 31] coins per 100 Wh lies outside the market's fixed range [0, 30]",
    );
  });

  it('rejects rounds that are not consecutive', () => {
    expect(() => encodeBatch([round(0), round(2)], [], { hard })).toThrow(
      /expected round 1, got 2/,
    );
  });

  it('rejects values that are not exact integers or do not fit their field, naming it', () => {
    const bad = (over: Partial<HouseholdState>) => () =>
      encodeBatch([round(0, { households: [hh(0, over), hh(1)] })], [], { hard });
    expect(bad({ batteryWh: 1.5 })).toThrow(
      /household 0 after round 0: batteryWh must be an exact integer/,
    );
    expect(bad({ consumedWh: -1 })).toThrow(/consumedWh must be in \[0, 1099511627775\]/);
    expect(bad({ gridExportWh: 2 ** 40 })).toThrow(/gridExportWh must be in/);
    expect(bad({ moneyBalance: 2 ** 53 })).toThrow(/moneyBalance must be an exact integer/);
    expect(bad({ loyalty: 2 ** 48 })).toThrow(/loyalty must be in \[0, 281474976710655\]/);
    expect(bad({ batteryWh: 1.5 })).toThrow(CodecError);
  });

  it('rejects an empty batch', () => {
    expect(() => encodeBatch([], [], { hard })).toThrow(/must not be empty/);
  });
});

describe('registration words', () => {
  const a = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const;
  const b = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const;

  it('put the account in bits 0..159 and hasPv in bit 160', () => {
    expect(
      encodeRegistrations([
        { account: a, hasPv: true },
        { account: b, hasPv: false },
      ]),
    ).toEqual([BigInt(a) | (1n << 160n), BigInt(b)]);
  });
});
