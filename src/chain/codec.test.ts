import { describe, expect, it } from 'vitest';
import type { HouseholdState } from '../engine';
import { encodeBatch, encodeMints, encodeRegistrations, EMPTY_BOOKS } from './codec';
import type { SettleRound } from './types';

function hh(index: number, over: Partial<HouseholdState> = {}): HouseholdState {
  return { index, hasPv: true, coinBalance: 0, ...EMPTY_BOOKS, ...over };
}

function round(n: number, over: Partial<SettleRound> = {}): SettleRound {
  return { round: n, clearingPrice: null, trades: [], households: [hh(0), hh(1)], ...over };
}

describe('encodeBatch', () => {
  it('packs trades, round prices and per-household deltas in the contract layout', () => {
    const before = [hh(0, { moneyBalance: 100, producedWh: 50 }), hh(1)];
    const r = round(5, {
      clearingPrice: 3.5,
      trades: [
        { buyOrder: 1, sellOrder: 2, buyer: 1, seller: 0, energyWh: 300, pricePerWh: 35_000 },
      ],
      households: [
        hh(0, { batteryWh: 4_000, loyalty: 1_020_000, moneyBalance: 40, producedWh: 2_050 }),
        hh(1),
      ],
    });
    const enc = encodeBatch([r], before);
    expect(enc.firstRound).toBe(5n);
    expect(enc.rounds).toEqual([35_000n | (1n << 64n)]);
    expect(enc.trades).toEqual([1n | (0n << 32n) | (300n << 64n) | (35_000n << 128n)]);
    expect(enc.updateHeads).toEqual([0n | (4_000n << 32n) | (1_020_000n << 72n)]);
    const moneyDelta = 2n ** 96n - 60n;
    expect(enc.updateDeltas).toEqual([moneyDelta | (2_000n << 96n)]);
  });

  it('puts a different buyer price in the top bits and omits an equal one', () => {
    const trade = { buyOrder: 1, sellOrder: 2, buyer: 1, seller: 0, energyWh: 100, pricePerWh: 10 };
    const [same] = encodeBatch(
      [round(0, { trades: [{ ...trade, buyerPricePerWh: 10 }] })],
      [],
    ).trades;
    const [two] = encodeBatch(
      [round(0, { trades: [{ ...trade, buyerPricePerWh: 15 }] })],
      [],
    ).trades;
    expect((same as bigint) >> 192n).toBe(0n);
    expect((two as bigint) >> 192n).toBe(15n);
  });

  it('nets a batch into one update per changed household from the last round', () => {
    const rounds = [
      round(0, { households: [hh(0, { consumedWh: 10 }), hh(1)] }),
      round(1, { households: [hh(0, { consumedWh: 25 }), hh(1)] }),
    ];
    const enc = encodeBatch(rounds, []);
    expect(enc.roundCount).toBe(2);
    expect(enc.updateHeads).toEqual([0n]);
    expect(enc.updateDeltas).toEqual([25n << 136n]);
  });

  it('rejects rounds that are not consecutive', () => {
    expect(() => encodeBatch([round(0), round(2)], [])).toThrow(/expected round 1, got 2/);
  });

  it('rejects values that are not integers or do not fit, naming the field', () => {
    expect(() =>
      encodeBatch([round(0, { households: [hh(0, { batteryWh: 1.5 }), hh(1)] })], []),
    ).toThrow(/household 0 after round 0: batteryWh must be an integer, got 1.5/);
    expect(() =>
      encodeBatch([round(0, { households: [hh(0, { consumedWh: -1 }), hh(1)] })], []),
    ).toThrow(/consumedWh change must be in/);
  });

  it('rejects an empty batch', () => {
    expect(() => encodeBatch([], [])).toThrow(/must not be empty/);
  });
});

describe('registration and mint words', () => {
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

  it('put the account in bits 0..159 and the amount in bits 160..255', () => {
    expect(encodeMints([a, b], 5_000_000n)).toEqual([
      BigInt(a) | (5_000_000n << 160n),
      BigInt(b) | (5_000_000n << 160n),
    ]);
    expect(() => encodeMints([a], 2n ** 96n)).toThrow(/amount must be in \[0, \d+\], got/);
    expect(() => encodeMints([a], -1n)).toThrow(/got -1/);
  });
});
