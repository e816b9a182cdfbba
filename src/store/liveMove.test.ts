import { describe, expect, it } from 'vitest';
import { liveParamsOf, resolveScenario } from '../engine';
import { checkLiveMove } from './liveMove';

const live = { ...liveParamsOf(resolveScenario({ preset: 'exp1' })), priceMin: 5, priceMax: 6 };

describe('a slider move, checked by the engine', () => {
  it('passes a move the engine accepts as it is', () => {
    expect(checkLiveMove(live, 'priceMax', 20, 1)).toEqual({
      params: { priceMax: 20 },
      hint: null,
    });
    expect(checkLiveMove(live, 'batteryThreshold', 0.5, 0.05).params).toEqual({
      batteryThreshold: 0.5,
    });
  });

  it('stops a refused move at the nearest value the cross checks allow, and says why', () => {
    expect(checkLiveMove(live, 'priceMin', 9, 1)).toEqual({
      params: { priceMin: 6 },
      hint: "Minimum price can't exceed the maximum price (6); raise the maximum price first.",
    });
    expect(checkLiveMove(live, 'priceMax', 1, 1)).toEqual({
      params: { priceMax: 5 },
      hint: "Maximum price can't go below the minimum price (5); lower the minimum price first.",
    });
    const grid = { ...live, gridRetailPrice: 9, gridFeedInPrice: 1 };
    const feedIn = checkLiveMove(grid, 'gridFeedInPrice', 12.5, 0.5);
    expect(feedIn.params).toEqual({ gridFeedInPrice: 9 });
    expect(feedIn.hint).toBe(
      "Grid feed-in price can't exceed the grid retail price (9); raise the grid retail price first.",
    );
    expect(checkLiveMove(grid, 'gridRetailPrice', 0.5, 0.5).params).toEqual({ gridRetailPrice: 1 });
  });

  it('sends nothing when the value in force is already the limit', () => {
    const move = checkLiveMove({ ...live, priceMin: 6 }, 'priceMin', 7, 1);
    expect(move.params).toEqual({});
    expect(move.hint).toContain("can't exceed the maximum price");
  });

  it('names a static bound in the engine’s words', () => {
    const move = checkLiveMove(live, 'batteryThreshold', 1.5, 0.05);
    expect(move.params).toEqual({ batteryThreshold: 1 });
    expect(move.hint).toBe('scenario.batteryThreshold: got 1.5; allowed: a number in [0, 1]');
  });
});
