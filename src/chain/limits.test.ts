/**
 * The validated ranges are the ones that settle: a scenario with every field at the largest value
 * the field table accepts (coins at the exact-books limit, prices, loyalty, battery, use and
 * panels at their maxima, grid prices at the money limit) settles on a real Anvil and its books
 * reconcile to the base unit; the codec never refuses what the table accepted.
 */
import { describe, expect, it } from 'vitest';
import { anvilForThisFile } from '../../test/support/anvil';
import {
  createSimulation,
  resolveScenario,
  ScenarioError,
  type RoundResult,
  type ScenarioInput,
} from '../engine';
import { devOperatorKey } from './accounts';
import { ANVIL_CHAIN_ID } from './chain';
import { describeMismatch } from './reconcile';
import { createSettler } from './settler';

const anvil = anvilForThisFile();

const EXTREMES: ScenarioInput = {
  preset: 'exp3',
  households: 10,
  days: 1,
  // The largest initCoins with households x initCoins x 10^6 <= 2^52: the coin supply limit.
  initCoins: Math.floor(2 ** 52 / 10 / 1e6),
  priceMin: 0,
  priceMax: 1_000_000,
  batteryCapacityWh: 10_000_000,
  initEnergyMinWh: 0,
  initEnergyMaxWh: 10_000_000,
  consumption: { highMin: 1000, highMax: 1000, lowMin: 1000, lowMax: 1000 },
  pv: { areaMinM2: 10_000, areaMaxM2: 10_000, noise: 1, prosumerShare: 0.5 },
  weather: {
    productionFactor: { sunny: 10, cloudy: 10, rainy: 10 },
    consumptionFactor: { sunny: 10, cloudy: 10, rainy: 10 },
  },
  loyalty: { max: 1000, start: 1000, floor: 1, tradedFactor: 10 },
};

describe('a scenario at the limits of the field table', () => {
  it('resolves only up to the limits, settles on chain and reconciles exactly', async () => {
    // The grid price at the money limit: the one the refusal of a larger one names.
    let retail = 0;
    try {
      resolveScenario({ ...EXTREMES, gridRetailPrice: 1_000_000, gridFeedInPrice: 0 });
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      retail = Number(/a retail price of at most ([\d.]+)/.exec((e as Error).message)?.[1]);
    }
    expect(retail).toBeGreaterThan(0);
    const scenario = resolveScenario({ ...EXTREMES, gridRetailPrice: retail, gridFeedInPrice: 0 });
    const sim = createSimulation(scenario);
    const rounds: RoundResult[] = [];
    while (!sim.done) rounds.push(sim.step());
    const last = rounds.at(-1) as RoundResult;
    // The books reach far past what any preset does: money near -2^52 / 24 per hour of import.
    expect(Math.min(...last.households.map((h) => h.moneyBalance))).toBeLessThan(-(2 ** 40));
    const settler = await createSettler({
      rpcUrl: anvil().rpcUrl,
      chainId: ANVIL_CHAIN_ID,
      operatorKey: devOperatorKey(ANVIL_CHAIN_ID),
      scenario,
    });
    try {
      for (const r of rounds) settler.enqueue(r);
      await settler.flush(60_000);
      expect(settler.status().stopped).toBeNull();
      expect((await settler.reconcile(last.households)).map(describeMismatch)).toEqual([]);
    } finally {
      settler.close();
    }
  });
});
