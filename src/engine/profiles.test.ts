import { describe, expect, it } from 'vitest';
import { consumption, expectedWeeklyConsumptionWh, K_HOUR, production } from './profiles';
import { createRng } from './rng';
import { resolveScenario } from './scenario';

describe('profiles', () => {
  const s = resolveScenario({});

  it('produces only in daylight 5 < h < 21, peaking at 13:00', () => {
    const rng = createRng(1);
    for (let h = 0; h < 24; h++) {
      const p = production(rng, 20, h, 'sunny', s);
      if (h <= 5 || h >= 21) expect(p).toBe(0);
      else expect(p).toBeGreaterThan(0);
    }
    expect(Math.max(...K_HOUR)).toBe(K_HOUR[13]);
    K_HOUR.forEach((k, h) => {
      expect(k).toBeCloseTo(h > 5 && h < 21 ? Math.sin((Math.PI * (h - 5)) / 16) : 0, 15);
    });
    expect(production(rng, 0, 13, 'sunny', s)).toBe(0);
  });

  it('scales production by K_weather within the noise band', () => {
    const rng = createRng(2);
    for (const [w, k] of [
      ['sunny', 1.3],
      ['cloudy', 0.8],
      ['rainy', 0.2],
    ] as const) {
      const p = production(rng, 10, 13, w, s);
      expect(p).toBeGreaterThanOrEqual(Math.floor(1000 * k * 0.9));
      expect(p).toBeLessThanOrEqual(Math.ceil(1000 * k * 1.1));
    }
  });

  it('is calibrated to about 18.8 kWh per household per day, and draws match it', () => {
    const perDay = expectedWeeklyConsumptionWh(s) / 7;
    expect(perDay).toBeGreaterThan(18_500);
    expect(perDay).toBeLessThan(19_000);
    const rng = createRng(3);
    let sum = 0;
    const weathers = ['sunny', 'cloudy', 'rainy'] as const;
    const days = 700;
    for (let d = 0; d < days; d++) {
      for (let h = 0; h < 24; h++) {
        const u = rng.next();
        const w = weathers[u < 0.35 ? 0 : u < 0.85 ? 1 : 2] ?? 'cloudy';
        sum += consumption(rng, d, h, w, s);
      }
    }
    expect(Math.abs(sum / days - perDay) / perDay).toBeLessThan(0.01);
  });
});
