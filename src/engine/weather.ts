/**
 * Neighbourhood weather, one value per simulated hour, shared by every household.
 * - `hourly` (thesis): an independent draw every hour with the scenario's shares.
 * - `daily`: one draw per day, kept for all 24 hours.
 * - `markov`: keep the previous hour's weather with probability `persistence`, otherwise draw
 *   afresh from the shares. The stationary distribution is exactly the shares, so long-run
 *   production and consumption match the thesis's mode while weather comes in spells.
 */
import type { Rng } from './rng';
import type { Scenario, WeatherShares } from './scenario';
import type { Weather } from './types';

export function drawWeather(rng: Rng, shares: WeatherShares): Weather {
  const u = rng.next();
  if (u < shares.sunny) return 'sunny';
  if (u < shares.sunny + shares.cloudy) return 'cloudy';
  return 'rainy';
}

export interface WeatherProcess {
  /** Weather of the hour before the run starts (its production is added in round 0). */
  readonly initial: Weather;
  /** Weather of round `round` (call once per round, in order). */
  next(round: number): Weather;
}

export function createWeather(rng: Rng, w: Scenario['weather']): WeatherProcess {
  const initial = drawWeather(rng, w.shares);
  let current = initial;
  return {
    initial,
    next(round) {
      if (w.mode === 'hourly') current = drawWeather(rng, w.shares);
      else if (w.mode === 'daily') {
        if (round % 24 === 0) current = drawWeather(rng, w.shares);
      } else if (rng.next() >= w.persistence) current = drawWeather(rng, w.shares);
      return current;
    },
  };
}
