import { describe, expect, it } from 'vitest';
import { QTable } from './qlearning';
import type { QState } from './qlearning';
import { createRng } from './rng';
import { resolveScenario } from './scenario';

const learning = resolveScenario({}).learning;

function bruteForce(
  records: { side: 'buy' | 'sell'; st: QState; price: number; q: number }[],
  side: 'buy' | 'sell',
  st: QState,
): number | null {
  let best = Infinity;
  let price: number | null = null;
  for (const r of records) {
    if (r.side !== side || r.q <= 0) continue;
    const dhRaw = Math.abs(r.st.hour - st.hour);
    const dh = Math.min(dhRaw, 24 - dhRaw) / 12;
    const db = (Math.round(r.st.batteryPct) - st.batteryPct) / 100;
    const da = (Math.round(r.st.avgConsWh / 100) * 100 - st.avgConsWh) / learning.avgConsScaleWh;
    const d = 0.5 * dh * dh + 0.5 * db * db + 0.4 * da * da;
    if (d < best) {
      best = d;
      price = r.price;
    }
  }
  return price;
}

describe('Q table', () => {
  it('updates Q = Q * loyalty + reward per discretised state-action', () => {
    const t = new QTable(learning);
    const st = { hour: 3, batteryPct: 40.2, avgConsWh: 710 };
    t.update('buy', st, 4, 1, 0.1);
    expect(t.q('buy', st, 4)).toBeCloseTo(0.1, 12);
    t.update('buy', { ...st, batteryPct: 39.9 }, 4, 2, 0.05); // same bucket: 0.1 * 2 + 0.05
    expect(t.q('buy', st, 4)).toBeCloseTo(0.25, 12);
    t.update('buy', st, 4, 1, -1);
    expect(t.q('buy', st, 4)).toBeCloseTo(-0.75, 12);
    expect(t.size).toBe(1);
    t.decay(0.99);
    expect(t.q('buy', st, 4)).toBeCloseTo(-0.7425, 12);
    expect(t.q('sell', st, 4)).toBeUndefined();
  });

  it('looks up the same price as a brute-force weighted-distance search', () => {
    const rng = createRng(8);
    const t = new QTable(learning);
    const records: { side: 'buy' | 'sell'; st: QState; price: number; q: number }[] = [];
    for (let i = 0; i < 3000; i++) {
      const side = rng.next() < 0.5 ? 'buy' : 'sell';
      const st = { hour: rng.int(24), batteryPct: rng.int(101), avgConsWh: rng.int(30) * 100 };
      const price = 2 + rng.int(7);
      const reward = rng.next() < 0.6 ? 0.1 : -1;
      // Unique states so the mirror list holds one record per key.
      if (
        records.some(
          (r) =>
            r.side === side &&
            r.price === price &&
            r.st.hour === st.hour &&
            r.st.batteryPct === st.batteryPct &&
            r.st.avgConsWh === st.avgConsWh,
        )
      )
        continue;
      t.update(side, st, price, 1, reward);
      records.push({ side, st, price, q: reward });
    }
    for (let i = 0; i < 500; i++) {
      const side = rng.next() < 0.5 ? 'buy' : 'sell';
      const st = { hour: rng.int(24), batteryPct: rng.int(101), avgConsWh: rng.int(30) * 100 };
      expect(t.lookup(side, st)).toBe(bruteForce(records, side, st));
    }
  });

  it('finds nothing without a positive record of the same side', () => {
    const t = new QTable(learning);
    t.update('sell', { hour: 1, batteryPct: 50, avgConsWh: 500 }, 5, 1, -1);
    t.update('buy', { hour: 1, batteryPct: 50, avgConsWh: 500 }, 6, 1, 0.1);
    expect(t.lookup('sell', { hour: 1, batteryPct: 50, avgConsWh: 500 })).toBeNull();
    expect(t.lookup('buy', { hour: 13, batteryPct: 0, avgConsWh: 0 })).toBe(6);
  });
});
