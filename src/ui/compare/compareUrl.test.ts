import { describe, expect, it } from 'vitest';
import { compareFromQuery, isCompareView, queryFromCompare } from './compareUrl';

describe('comparison URL', () => {
  it('round-trips scenario and mechanisms, and drops the single-auction field', () => {
    const q = compareFromQuery('?view=compare&preset=exp3&seed=1&auction=cda&auctions=uniform,cda');
    expect(q).toEqual({ scenario: { preset: 'exp3', seed: 1 }, auctions: ['uniform', 'cda'] });
    const back = queryFromCompare(q);
    expect(isCompareView(`?${back}`)).toBe(true);
    expect(compareFromQuery(`?${back}`)).toEqual(q);
  });

  it('ignores unknown or repeated mechanisms and falls back to two call auctions', () => {
    expect(compareFromQuery('?auctions=vickrey,cda,cda').auctions).toEqual(['cda']);
    expect(compareFromQuery('?preset=exp1').auctions).toEqual(['uniform', 'loyalty']);
    expect(isCompareView('?preset=exp1')).toBe(false);
  });
});
