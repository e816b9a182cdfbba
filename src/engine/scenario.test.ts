import { describe, expect, it } from 'vitest';
import { presets, resolveScenario, ScenarioError } from './scenario';
import type { ScenarioInput } from './scenario';

describe('presets', () => {
  it('reproduce the thesis experiments', () => {
    const e1 = resolveScenario('exp1');
    expect([e1.households, e1.days]).toEqual([2, 3]);
    expect(e1.pv.areasM2.filter((a) => a > 0)).toHaveLength(1);
    expect(resolveScenario('exp2')).toMatchObject({ households: 20, days: 30, auction: 'uniform' });
    expect(resolveScenario('exp3')).toMatchObject({ households: 20, days: 30, auction: 'loyalty' });
    const e4 = resolveScenario('exp4');
    expect(e4).toMatchObject({ households: 30, days: 170, auction: 'loyalty' });
    expect(e4.learning).toMatchObject({ enabled: true, learningDays: 100, decayFactor: 0.99 });
    expect(Object.keys(presets)).toEqual(['exp1', 'exp2', 'exp3', 'exp4']);
  });

  it('resolve to JSON that resolves to itself', () => {
    const s = resolveScenario({ preset: 'exp4', seed: 9, households: 7 });
    const again = resolveScenario(JSON.parse(JSON.stringify(s)) as ScenarioInput);
    expect(again).toEqual(s);
    expect(s.pv.areasM2).toHaveLength(7);
  });

  it('offers the thesis code as a variant on top of any preset', () => {
    const s = resolveScenario({ preset: 'exp3', variant: 'thesis-code' });
    expect(s.weather.shares).toEqual({ sunny: 0.4, cloudy: 0.45, rainy: 0.15 });
    // Row 31: the variant runs the code's loyal clearing in place of ours.
    expect(s).toMatchObject({ gridRetailPrice: 10, households: 20, auction: 'thesis-loyal' });
    expect(() => resolveScenario({ variant: 'mine' as never })).toThrow(
      /variant.*thesis-code \| thesis-code-fixed/,
    );
  });

  it('input overrides preset overrides defaults, nested fields one by one', () => {
    const s = resolveScenario({ preset: 'exp2', days: 2, weather: { mode: 'markov' } });
    expect(s).toMatchObject({ households: 20, days: 2, auction: 'uniform' });
    expect(s.weather.mode).toBe('markov');
    expect(s.weather.shares).toEqual({ sunny: 0.35, cloudy: 0.5, rainy: 0.15 });
  });
});

describe('scenario validation names field, value and what is allowed', () => {
  const bad: [ScenarioInput | string, string, RegExp][] = [
    [{ households: 0 }, 'households', /integer in \[1, 10000\]/],
    [{ days: 2.5 }, 'days', /integer/],
    [{ auction: 'dutch' as never }, 'auction', /uniform \| loyalty/],
    [{ priceMin: 6, priceMax: 3 }, 'priceMax', />= priceMin/],
    [{ batteryThreshold: -0.1 }, 'batteryThreshold', /\[0, 1\]/],
    [
      { weather: { shares: { sunny: 0.5, cloudy: 0.5, rainy: 0.5 } } },
      'weather.shares',
      /sum to 1/,
    ],
    [{ pricing: { mode: 'median' as never } }, 'pricing.mode', /walk \| quantile/],
    [{ households: 3, pv: { areasM2: [1, 2] } }, 'pv.areasM2', /3 areas/],
    [{ colour: 'red' } as never, 'colour', /known fields/],
    [{ learning: { decay: 1 } } as never, 'learning.decay', /known fields/],
    [{ gridRetailPrice: 9.123456 }, 'gridRetailPrice', /4 decimals/],
    [{ weather: 5 } as never, 'weather', /an object/],
    ['exp9', 'preset', /exp1 \| exp2 \| exp3 \| exp4/],
  ];
  it.each(bad)('%j -> %s', (input, field, allowed) => {
    let err: unknown;
    try {
      resolveScenario(input as ScenarioInput);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).field).toBe(field);
    expect((err as ScenarioError).message).toMatch(allowed);
    expect((err as ScenarioError).message).toContain(`scenario.${field}: got `);
  });
});
