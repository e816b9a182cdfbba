import { describe, expect, it } from 'vitest';
import { createRng } from './rng';
import { resolveScenario, WEATHER_SHARES_THESIS_CODE } from './scenario';
import type { WeatherMode } from './scenario';
import type { Weather } from './types';
import { createWeather } from './weather';

function draw(mode: WeatherMode, hours: number, shares = resolveScenario({}).weather.shares) {
  const w = createWeather(createRng(4), { ...resolveScenario({}).weather, mode, shares });
  const out: Weather[] = [];
  for (let t = 0; t < hours; t++) out.push(w.next(t));
  return out;
}

const share = (xs: Weather[], w: Weather) => xs.filter((x) => x === w).length / xs.length;

describe('weather', () => {
  it.each(['hourly', 'daily', 'markov'] as const)(
    '%s keeps the thesis shares 0.35 / 0.50 / 0.15',
    (mode) => {
      const xs = draw(mode, 24 * 4000);
      const tol = mode === 'hourly' ? 0.01 : 0.03;
      expect(Math.abs(share(xs, 'sunny') - 0.35)).toBeLessThan(tol);
      expect(Math.abs(share(xs, 'cloudy') - 0.5)).toBeLessThan(tol);
      expect(Math.abs(share(xs, 'rainy') - 0.15)).toBeLessThan(tol);
    },
  );

  it('daily mode keeps one weather per day; markov comes in spells; hourly does not', () => {
    const daily = draw('daily', 24 * 50);
    for (let d = 0; d < 50; d++) expect(new Set(daily.slice(d * 24, d * 24 + 24)).size).toBe(1);
    const changes = (xs: Weather[]) => xs.filter((x, i) => i > 0 && x !== xs[i - 1]).length;
    expect(changes(draw('markov', 10000))).toBeLessThan(changes(draw('hourly', 10000)) / 2);
  });

  it('offers the thesis code shares as a variant', () => {
    const xs = draw('hourly', 50000, WEATHER_SHARES_THESIS_CODE);
    expect(Math.abs(share(xs, 'sunny') - 0.4)).toBeLessThan(0.01);
  });
});
