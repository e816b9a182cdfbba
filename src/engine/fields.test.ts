import { describe, expect, it } from 'vitest';
import { MECHANISM_NAMES } from './auctions';
import {
  CROSS_CHECKS,
  FIELDS,
  FIELD_LIST,
  LIVE_KEYS,
  ScenarioError,
  allowedText,
  fieldValue,
  inputFromFields,
  parseFieldText,
  type FieldKey,
} from './fields';
import { PRESET_NAMES } from './presets';
import { liveParamsOf, resolveScenario, validateLiveParams, type ScenarioInput } from './scenario';

/** Every leaf path of a plain object (arrays are leaves). */
function leaves(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? leaves(v as object, `${prefix}${k}.`)
      : [`${prefix}${k}`],
  );
}

function refusal(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error('expected a ScenarioError, nothing was thrown');
}

describe('the field table', () => {
  it('lists every field of a resolved scenario once, and nothing else', () => {
    // The variant sets the optional lists a preset leaves out.
    const resolved = leaves(resolveScenario({ preset: 'exp4', variant: 'thesis-code' })).sort();
    const table = FIELD_LIST.map((f) => f.key)
      .filter((k) => k !== 'preset' && k !== 'variant')
      .sort();
    expect(table).toEqual(resolved);
    expect(new Set(FIELD_LIST.map((f) => f.key)).size).toBe(FIELD_LIST.length);
  });

  it('gives every field a label and one sentence of help, and unique share-link keys', () => {
    for (const f of FIELD_LIST) {
      expect(f.label.length, f.key).toBeGreaterThan(0);
      expect(f.help, f.key).toMatch(/^[A-Z].*\.$/);
      expect(f.help.slice(0, -1), f.key).not.toMatch(/\.\s/);
    }
    const queries = FIELD_LIST.flatMap((f) => (f.query === null ? [] : [f.query]));
    expect(new Set(queries).size).toBe(queries.length);
  });

  it('marks exactly the parameters a run can change while it plays as live', () => {
    expect([...LIVE_KEYS]).toEqual([
      'priceMin',
      'priceMax',
      'batteryThreshold',
      'gridRetailPrice',
      'gridFeedInPrice',
    ]);
    expect(Object.keys(liveParamsOf(resolveScenario('exp2'))).sort()).toEqual(
      [...LIVE_KEYS].sort(),
    );
  });

  it('takes mechanism and preset names from their one source', () => {
    expect(FIELDS.auction).toMatchObject({ kind: 'choice', choices: MECHANISM_NAMES });
    expect(FIELDS.preset).toMatchObject({ kind: 'choice', choices: PRESET_NAMES });
    expect(allowedText('auction')).toBe(MECHANISM_NAMES.join(' | '));
  });

  it('accepts every default and preset value under its own rules', () => {
    for (const p of PRESET_NAMES) {
      const s = resolveScenario(p);
      for (const f of FIELD_LIST) {
        if (f.key === 'preset' || f.key === 'variant') continue;
        const v = fieldValue(s, f.key as Exclude<FieldKey, 'preset' | 'variant'>);
        if (f.kind === 'integer' || f.kind === 'number') {
          expect(v, f.key).toBeGreaterThanOrEqual(f.min);
          expect(v, f.key).toBeLessThanOrEqual(f.max);
        }
      }
    }
  });
});

describe('parseFieldText: one set of rules for text from any input', () => {
  const good: [FieldKey, string, unknown][] = [
    ['days', '12', 12],
    ['seed', '-7', -7],
    ['seed', '+7', 7],
    ['batteryThreshold', '0.25', 0.25],
    ['batteryThreshold', '.5', 0.5],
    ['gridRetailPrice', '9.5', 9.5],
    ['learning.enabled', 'true', true],
    ['learning.enabled', '1', true],
    ['learning.enabled', 'false', false],
    ['learning.enabled', '0', false],
    ['auction', 'pay-as-bid', 'pay-as-bid'],
    ['weather.mode', 'markov', 'markov'],
    ['preset', 'exp4', 'exp4'],
    ['name', 'my run', 'my run'],
    ['pv.areasM2', '0,6.5,12', [0, 6.5, 12]],
  ];
  it.each(good)('%s %j -> %j', (key, raw, value) => {
    expect(parseFieldText(key, raw)).toEqual(value);
  });

  const bad: [FieldKey, string, string, RegExp][] = [
    ['days', '0x10', 'days', /an integer in \[1, 3650\]/],
    ['days', '1e3', 'days', /an integer/],
    ['days', '2.0', 'days', /an integer/],
    ['days', ' 5 ', 'days', /an integer/],
    ['days', '', 'days', /an integer/],
    ['days', '0', 'days', /an integer in \[1, 3650\]/],
    ['days', 'NaN', 'days', /an integer/],
    ['households', '10001', 'households', /\[1, 10000\]/],
    ['batteryThreshold', '1e-1', 'batteryThreshold', /plain decimal number in \[0, 1\]/],
    ['batteryThreshold', 'Infinity', 'batteryThreshold', /plain decimal/],
    ['batteryThreshold', '5.', 'batteryThreshold', /plain decimal/],
    ['batteryThreshold', '1.5', 'batteryThreshold', /a number in \[0, 1\]/],
    ['gridRetailPrice', '9.123456', 'gridRetailPrice', /at most 4 decimals/],
    ['learning.enabled', 'yes', 'learning.enabled', /true \| false \| 1 \| 0/],
    ['learning.enabled', 'TRUE', 'learning.enabled', /true \| false/],
    ['auction', 'dutch', 'auction', /uniform \| loyalty/],
    ['auction', 'Uniform', 'auction', /uniform \| loyalty/],
    ['preset', '', 'preset', /exp1 \| exp2/],
    ['consumption.homeWeekday', '0.5,x', 'consumption.homeWeekday[1]', /plain decimal/],
    ['consumption.homeWeekday', '0.5,0.5', 'consumption.homeWeekday', /24 probabilities/],
  ];
  it.each(bad)(
    '%s %j is refused naming the field, the text and what is allowed',
    (key, raw, field, allowed) => {
      const e = refusal(() => parseFieldText(key, raw));
      expect(e.field).toBe(field);
      expect(e.message).toMatch(allowed);
      const shown = field.endsWith(']') ? raw.split(',')[1] : raw;
      expect(e.message).toContain(`scenario.${field}: got ${JSON.stringify(shown)}; allowed: `);
    },
  );

  it('refuses a key the table does not know', () => {
    expect(refusal(() => parseFieldText('colour' as FieldKey, 'red')).message).toMatch(
      /scenario\.colour: got "red"; allowed: one of the known fields: preset, variant, name/,
    );
  });
});

describe('errors show the value as given', () => {
  it('prints NaN and Infinity as such, never as null', () => {
    expect(refusal(() => resolveScenario({ days: NaN })).message).toContain('got NaN;');
    expect(refusal(() => resolveScenario({ batteryThreshold: Infinity })).message).toContain(
      'got Infinity;',
    );
    expect(
      refusal(() => resolveScenario({ weather: { shares: { sunny: NaN } } })).message,
    ).toContain('scenario.weather.shares.sunny: got NaN;');
  });
});

describe('cross checks between fields', () => {
  const cases: [string, ScenarioInput, string, RegExp][] = [
    ['priceRange', { priceMin: 6, priceMax: 3 }, 'priceMax', /an integer >= priceMin \(6\)/],
    [
      'feedInNotAboveRetail',
      { gridRetailPrice: 2, gridFeedInPrice: 3 },
      'gridFeedInPrice',
      /<= gridRetailPrice \(2\)/,
    ],
    [
      'weatherSharesSumToOne',
      { weather: { shares: { sunny: 0.5, cloudy: 0.5, rainy: 0.5 } } },
      'weather.shares',
      /sum to 1/,
    ],
    [
      'initialBatteryFitsLow',
      { batteryCapacityWh: 1000, initEnergyMinWh: 2000, initEnergyMaxWh: 3000 },
      'initEnergyMinWh',
      /<= batteryCapacityWh \(1000\)/,
    ],
    [
      'initialBatteryRange',
      { initEnergyMinWh: 3000, initEnergyMaxWh: 2000 },
      'initEnergyMaxWh',
      />= initEnergyMinWh \(3000\)/,
    ],
    [
      'initialBatteryFitsHigh',
      { batteryCapacityWh: 5000, initEnergyMinWh: 0, initEnergyMaxWh: 6000 },
      'initEnergyMaxWh',
      /<= batteryCapacityWh \(5000\)/,
    ],
    ['panelAreaRange', { pv: { areaMinM2: 10, areaMaxM2: 5 } }, 'pv.areaMaxM2', />= pv.areaMinM2/],
    ['panelAreaPerHousehold', { households: 3, pv: { areasM2: [1, 2] } }, 'pv.areasM2', /3 areas/],
    [
      'useAtHomeRange',
      { consumption: { highMin: 9, highMax: 8 } },
      'consumption.highMax',
      />= consumption.highMin/,
    ],
    [
      'useAwayRange',
      { consumption: { lowMin: 4, lowMax: 3 } },
      'consumption.lowMax',
      />= consumption.lowMin/,
    ],
    [
      'useAtNightRange',
      { consumption: { homeNightMin: 4, homeNightMax: 3 } },
      'consumption.homeNightMax',
      />= consumption.homeNightMin/,
    ],
    [
      'solarFactorRange',
      { production: { kHourMin: 5, kHourMax: 4 } },
      'production.kHourMax',
      /an integer >= production.kHourMin \(5\)/,
    ],
    [
      'midRangeByHour',
      {
        pricing: {
          midRangeMinWh: Array.from({ length: 24 }, (_, h) => (h === 7 ? 3000 : 1000)),
          midRangeMaxWh: Array.from({ length: 24 }, () => 2000),
        },
      },
      'pricing.midRangeMaxWh',
      /at every hour a size >= pricing.midRangeMinWh \(hour 7: 3000\)/,
    ],
    [
      'loyaltyRange',
      { loyalty: { floor: 2, max: 1, start: 1 } },
      'loyalty.max',
      />= loyalty.floor/,
    ],
    [
      'loyaltyStartAboveFloor',
      { loyalty: { floor: 0.5, start: 0.2 } },
      'loyalty.start',
      />= loyalty.floor/,
    ],
    ['loyaltyStartBelowMax', { loyalty: { max: 2, start: 3 } }, 'loyalty.start', /<= loyalty.max/],
    [
      'coinSupplyExact',
      { households: 1000, initCoins: 1_000_000_000 },
      'initCoins',
      /an integer <= 4503599 for 1000 households \(the coin supply/,
    ],
    [
      'energyFitsChain',
      {
        days: 3650,
        pv: { areaMinM2: 0, areaMaxM2: 10_000, noise: 1 },
        weather: { productionFactor: { sunny: 10 } },
      },
      'days',
      /an integer <= \d+ for this neighbourhood .*40-bit fields/,
    ],
    [
      'moneyExact',
      { days: 3650, gridRetailPrice: 1_000_000 },
      'gridRetailPrice',
      /no money balance can pass 2\^52 base units in 87600 hours .*a retail price of at most [\d.]+ with this feed-in price/,
    ],
  ];

  it('has a case here for every named check', () => {
    expect(cases.map((c) => c[0])).toEqual(CROSS_CHECKS.map((c) => c.name));
  });

  it.each(cases)('%s', (_name, input, field, allowed) => {
    const e = refusal(() => resolveScenario(input));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(allowed);
  });
});

describe('live parameters', () => {
  const live = liveParamsOf(resolveScenario('exp3'));

  it('checks a change by the same table and the checks between live fields', () => {
    expect(validateLiveParams(live, { priceMin: 3 })).toEqual({ ...live, priceMin: 3 });
    expect(refusal(() => validateLiveParams(live, { priceMin: 9 })).message).toMatch(
      /scenario\.priceMax: got 8; allowed: an integer >= priceMin \(9\)/,
    );
    expect(refusal(() => validateLiveParams(live, { gridFeedInPrice: 12 })).field).toBe(
      'gridFeedInPrice',
    );
    expect(refusal(() => validateLiveParams(live, { priceMin: 2.5 })).field).toBe('priceMin');
    expect(refusal(() => validateLiveParams(live, { batteryThreshold: NaN })).message).toContain(
      'got NaN;',
    );
  });

  it('refuses a field that is not live, and leaves what is in force unchanged', () => {
    const e = refusal(() => validateLiveParams(live, { days: 3 } as never));
    expect(e.message).toMatch(
      /scenario\.days: got 3; allowed: one of the live parameters: priceMin/,
    );
    expect(liveParamsOf(resolveScenario('exp3'))).toEqual(live);
  });
});

describe('reading and writing fields by key', () => {
  it('builds an input from flat pairs that resolves to what the pairs say', () => {
    const input = inputFromFields({
      preset: 'exp2',
      seed: 7,
      'weather.mode': 'daily',
      'learning.enabled': true,
      'weather.shares.sunny': 0.4,
      'weather.shares.cloudy': 0.45,
    });
    expect(input).toEqual({
      preset: 'exp2',
      seed: 7,
      weather: { mode: 'daily', shares: { sunny: 0.4, cloudy: 0.45 } },
      learning: { enabled: true },
    });
    const s = resolveScenario(input);
    expect(fieldValue(s, 'weather.mode')).toBe('daily');
    expect(fieldValue(s, 'weather.shares.rainy')).toBe(0.15);
    expect(fieldValue(s, 'households')).toBe(20);
  });
});
