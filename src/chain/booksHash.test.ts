import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRun, finishRun, resolveScenario } from '../engine';
import { booksHash, type HashedBooks } from './booksHash';

const books = (over: Partial<HashedBooks> = {}): HashedBooks => ({
  hasPv: true,
  batteryWh: 1500,
  loyalty: 1_000_000,
  moneyBalance: -2_345_678,
  coinBalance: 10_000_000,
  producedWh: 800,
  consumedWh: 1200,
  gridImportWh: 400,
  gridExportWh: 0,
  ...over,
});

/** The encoding of docs/RUNFILE.md, written out independently with Node's Buffer and crypto. */
function reference(list: readonly HashedBooks[]): string {
  const word = (v: bigint): Buffer => {
    const b = Buffer.alloc(32);
    let x = BigInt.asUintN(256, v);
    for (let i = 31; i >= 0; i--) {
      b[i] = Number(x & 0xffn);
      x >>= 8n;
    }
    return b;
  };
  const parts = list.flatMap((h, i) =>
    [
      i,
      h.hasPv ? 1 : 0,
      h.batteryWh,
      h.loyalty,
      h.moneyBalance,
      h.coinBalance,
      h.producedWh,
      h.consumedWh,
      h.gridImportWh,
      h.gridExportWh,
    ].map((v) => word(BigInt(v))),
  );
  return `0x${createHash('sha256').update(Buffer.concat(parts)).digest('hex')}`;
}

describe('the books hash', () => {
  it('is sha256 over ten 32-byte words per household, money in two’s complement', () => {
    const list = [books(), books({ hasPv: false, moneyBalance: 0, coinBalance: 3 })];
    expect(booksHash(list)).toBe(reference(list));
    expect(booksHash(list)).toMatch(/^0x[0-9a-f]{64}$/);
    // No households: sha256 of nothing.
    expect(booksHash([])).toBe(
      '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('reads numbers and bigints alike, and changes with any field of any household', () => {
    const list = [books(), books()];
    const big = list.map((h) => ({ ...h, moneyBalance: BigInt(h.moneyBalance) }));
    expect(booksHash(big)).toBe(booksHash(list));
    const base = booksHash(list);
    for (const key of Object.keys(books()) as (keyof HashedBooks)[]) {
      const v = books()[key];
      const changed = [
        list[0] as HashedBooks,
        books({ [key]: typeof v === 'boolean' ? !v : Number(v) + 1 }),
      ];
      expect(booksHash(changed), key).not.toBe(base);
    }
    // The order of households is part of the books.
    const a = books({ coinBalance: 1 });
    const b = books({ coinBalance: 2 });
    expect(booksHash([a, b])).not.toBe(booksHash([b, a]));
  });

  it('refuses a value that is not an exact integer', () => {
    expect(() => booksHash([books({ batteryWh: 0.5 })])).toThrow(/not an exact integer/);
    expect(() => booksHash([books({ coinBalance: 2 ** 60 })])).toThrow(/not an exact integer/);
  });

  it('takes the engine’s household states as they are', () => {
    const run = finishRun(createRun(resolveScenario({ preset: 'exp1', days: 1 })));
    const states = run.simulation.households();
    expect(booksHash(states)).toBe(reference(states));
  });
});
