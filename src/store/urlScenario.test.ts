import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../engine';
import { initialScenario, queryFromScenario, scenarioFromQuery } from './urlScenario';

describe('shareable scenario URL', () => {
  it('round-trips every field it carries and resolves to the same scenario', () => {
    const input = scenarioFromQuery(
      '?preset=exp2&seed=42&households=7&days=3&auction=uniform&priceMin=3&priceMax=7&initCoins=500&weatherMode=markov&learning=0',
    );
    const again = scenarioFromQuery(`?${queryFromScenario(input)}`);
    expect(again).toEqual(input);
    const s = resolveScenario(again);
    expect(s.seed).toBe(42);
    expect(s.households).toBe(7);
    expect(s.auction).toBe('uniform');
    expect(s.priceMin).toBe(3);
    expect(s.weather.mode).toBe('markov');
    expect(s.learning.enabled).toBe(false);
  });

  it('passes bad values through so the engine can name them', () => {
    const input = scenarioFromQuery('?households=abc');
    expect(Number.isNaN((input as { households?: number }).households)).toBe(true);
    expect(() => resolveScenario(input)).toThrow(/households/);
  });

  it("opens the URL's scenario, or the loyalty experiment on a first visit without one", () => {
    expect(initialScenario('?preset=exp1&days=3')).toEqual({ preset: 'exp1', days: 3 });
    expect(initialScenario('')).toEqual({ preset: 'exp3' });
    expect(initialScenario('?view=compare')).toEqual({ preset: 'exp3' });
  });
});
