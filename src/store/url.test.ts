import { describe, expect, it } from 'vitest';
import { FIELD_LIST, fieldValue, resolveScenario, type FieldKey } from '../engine';
import { fieldText } from './fieldText';
import { DEFAULT_AUCTIONS, linkQuery, parseLink } from './url';

describe('the page link', () => {
  it('round-trips every field it carries and resolves to the same scenario', () => {
    const link = parseLink(
      '?preset=exp2&seed=42&households=7&days=3&auction=uniform&priceMin=3&priceMax=7&initCoins=500&weatherMode=markov&learning=0&batteryThreshold=0.25&gridFeedInPrice=0.5',
    );
    expect(link.problems).toEqual([]);
    const again = parseLink(`?${linkQuery(link)}`);
    expect(again.scenario).toEqual(link.scenario);
    const s = resolveScenario(again.scenario);
    expect(s.seed).toBe(42);
    expect(s.households).toBe(7);
    expect(s.auction).toBe('uniform');
    expect(s.priceMin).toBe(3);
    expect(s.batteryThreshold).toBe(0.25);
    expect(s.weather.mode).toBe('markov');
    expect(s.learning.enabled).toBe(false);
  });

  it('carries exactly the fields the table gives a query key, each written as the parser reads it', () => {
    const s = resolveScenario({ preset: 'exp3' });
    const carried = FIELD_LIST.filter(
      (f) => f.query !== null && f.key !== 'preset' && f.key !== 'variant',
    );
    const scenario = Object.fromEntries(carried.map((f) => [f.key, fieldValue(s, f.key as never)]));
    const link = parseLink(
      `?${linkQuery({ view: 'dashboard', scenario: nest(scenario), auctions: [] })}`,
    );
    expect(link.problems).toEqual([]);
    for (const f of carried)
      expect(fieldValue(link.scenario, f.key), f.key).toEqual(fieldValue(s, f.key as never));
    expect(fieldText('learning.enabled', true)).toBe('true');
    expect(fieldText('batteryThreshold', 1e-7)).toBe('0.0000001');
  });

  it('keeps the rest of a link whose value does not parse, and names the field, the value and the rule', () => {
    const link = parseLink('?preset=exp1&households=0&seed=abc&days=3');
    expect(link.scenario).toEqual({ preset: 'exp1', days: 3 });
    // In table order, as every list of fields is.
    expect(link.problems.map((p) => p.param)).toEqual(['seed', 'households']);
    expect(link.problems[1]?.message).toBe(
      'scenario.households: got "0"; allowed: an integer in [1, 10000]',
    );
    expect(link.problems[0]?.message).toMatch(/^scenario\.seed: got "abc"; allowed: an integer/);
    expect(() => resolveScenario(link.scenario)).not.toThrow();
  });

  it('leaves out what a cross check refuses, so the scenario still resolves', () => {
    const link = parseLink('?preset=exp1&priceMin=6&priceMax=4&days=2');
    expect(link.scenario).toEqual({ preset: 'exp1', priceMin: 6, days: 2 });
    expect(link.problems).toHaveLength(1);
    expect(link.problems[0]?.param).toBe('priceMax');
    expect(link.problems[0]?.message).toContain(
      'scenario.priceMax: got 4; allowed: an integer >= priceMin (6)',
    );
    // A value fine alone that the preset's other values refuse: the link's own field goes.
    const low = parseLink('?preset=exp1&priceMin=500');
    expect(low.scenario).toEqual({ preset: 'exp1' });
    expect(low.problems[0]?.param).toBe('priceMin');
    expect(() => resolveScenario(low.scenario)).not.toThrow();
  });

  it('names unknown parameters, views and mechanisms, and uses the defaults for them', () => {
    const link = parseLink('?view=graph&household=5&auctions=vickrey,cda,cda');
    expect(link.view).toBe('dashboard');
    expect(link.auctions).toEqual(['cda']);
    expect(link.problems.map((p) => p.param)).toEqual(['household', 'view', 'auctions']);
    expect(link.problems[1]?.message).toBe('view: got "graph"; allowed: dashboard | compare');
    expect(link.problems[2]?.message).toMatch(/^auctions: got "vickrey"; allowed: .*uniform/);
    expect(parseLink('?auctions=').auctions).toEqual(DEFAULT_AUCTIONS);
  });

  it("opens the link's scenario, or the loyalty experiment when the link holds none", () => {
    expect(parseLink('?preset=exp1&days=3').scenario).toEqual({ preset: 'exp1', days: 3 });
    expect(parseLink('').scenario).toEqual({ preset: 'exp3' });
    expect(parseLink('?view=compare').scenario).toEqual({ preset: 'exp3' });
    expect(parseLink('?households=0').scenario).toEqual({ preset: 'exp3' });
  });

  it('writes the comparison with its view and mechanisms, and the dashboard without', () => {
    const scenario = { preset: 'exp3' as const, seed: 1 };
    const q = linkQuery({ view: 'compare', scenario, auctions: ['uniform', 'cda'] });
    expect(q).toBe('view=compare&preset=exp3&seed=1&auctions=uniform,cda');
    expect(parseLink(`?${q}`)).toEqual({
      view: 'compare',
      scenario,
      auctions: ['uniform', 'cda'],
      problems: [],
    });
    expect(linkQuery({ view: 'dashboard', scenario, auctions: ['cda'] })).toBe(
      'preset=exp3&seed=1',
    );
  });
});

/** `{ 'weather.mode': 'x' }` as `{ weather: { mode: 'x' } }`. */
function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(flat) as [FieldKey, unknown][]) {
    const parts = key.split('.');
    let at = out;
    for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[parts.at(-1)!] = v;
  }
  return out;
}
