import { describe, expect, it } from 'vitest';
import { KeyIndex } from './qindex';
import { createRng } from './rng';

describe('KeyIndex', () => {
  it('answers as a Map does, through growth, over packed keys, strings and other numbers', () => {
    const index = new KeyIndex();
    const map = new Map<number | string, number>();
    const rng = createRng(9);
    const keys: (number | string)[] = [];
    for (let i = 0; i < 20_000; i++) {
      const r = rng.next();
      // Packed-key-like integers past 2^32, small ones, strings, fractions and -0.
      const k =
        r < 0.6
          ? Math.floor(rng.next() * 4e14)
          : r < 0.8
            ? rng.int(500)
            : r < 0.9
              ? `k${rng.int(300)}`
              : r < 0.95
                ? rng.next() * 10
                : -0;
      keys.push(k);
      const v = rng.int(1 << 30);
      index.set(k, v);
      map.set(k, v);
    }
    for (const k of keys) expect(index.get(k), String(k)).toBe(map.get(k));
    for (let i = 0; i < 2_000; i++) {
      const k = Math.floor(rng.next() * 4e14) + 0.5;
      expect(index.get(Math.floor(k))).toBe(map.get(Math.floor(k)));
    }
    expect(index.size).toBe(map.size);
  });

  it('refuses a value it cannot hold, naming what is allowed', () => {
    expect(() => new KeyIndex().set(1, -1)).toThrow(/value -1; allowed: an integer in \[0, 2\^31/);
    expect(() => new KeyIndex().set(1, 2 ** 31)).toThrow(/allowed/);
  });
});
