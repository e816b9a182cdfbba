import { describe, expect, it } from 'vitest';
import { FIELD_LIST, allowedText, fieldValue, parseFieldText, resolveScenario } from '../engine';
import {
  checkTexts,
  fieldText,
  formFields,
  inputFromTexts,
  textsOf,
  type FieldTexts,
} from './fieldText';

describe('scenario fields as text', () => {
  it('writes every form and link field so the engine parser reads the same value back', () => {
    const s = resolveScenario({ preset: 'exp4', learning: { enabled: true } });
    const shown = FIELD_LIST.filter((f) => f.form !== 'none' || f.query !== null);
    const texts = textsOf(s, shown);
    for (const f of shown) {
      if (f.key === 'preset' || f.key === 'variant') continue;
      expect(parseFieldText(f.key, texts[f.key] ?? ''), f.key).toEqual(fieldValue(s, f.key));
    }
    expect(fieldText('gridRetailPrice', 0.00001)).toBe('0.00001');
    expect(fieldText('pv.areasM2', [1.5, 0])).toBe('1.5,0');
  });

  it('lists a form’s fields from the table, in table order', () => {
    const basic = formFields(['basic']).map((f) => f.key);
    expect(basic).toEqual(FIELD_LIST.filter((f) => f.form === 'basic').map((f) => f.key));
    expect(basic).toContain('auction');
    expect(formFields(['more']).map((f) => f.key)).toContain('weather.mode');
  });

  it('builds the input a form describes over a base, blank fields taking the preset’s value', () => {
    const { input, problems } = inputFromTexts(
      { preset: 'exp2', seed: '7', days: '', 'learning.enabled': 'true' },
      { preset: 'exp1', days: 3, priceMin: 4 },
    );
    expect(problems).toEqual([]);
    expect(input).toEqual({ preset: 'exp2', seed: 7, priceMin: 4, learning: { enabled: true } });
  });

  it('refuses text the engine parser refuses, naming each field with its text', () => {
    const { problems } = inputFromTexts({ households: '0', seed: '1.5', days: '2' });
    expect(problems.map((p) => p.message)).toEqual([
      'scenario.households: got "0"; allowed: an integer in [1, 10000]',
      expect.stringMatching(/^scenario\.seed: got "1\.5"; allowed: an integer/),
    ]);
  });
});

describe('a form checked as typed', () => {
  const fields = formFields(['basic', 'more']);
  const base = (): FieldTexts => textsOf(resolveScenario({ preset: 'exp3' }), fields);

  it('passes the texts of a scenario that resolves', () => {
    const { problems, input } = checkTexts({ ...base(), preset: 'exp3' }, fields);
    expect(problems).toEqual([]);
    expect(resolveScenario(input).households).toBe(20);
  });

  it('names each text that does not parse, and refuses a blank seed', () => {
    const { problems } = checkTexts({ ...base(), households: '0', seed: '' }, fields);
    expect(problems.map((p) => p.field)).toEqual(['households', 'seed']);
    expect(problems[0]?.message).toBe(
      `scenario.households: got "0"; allowed: ${allowedText('households')}`,
    );
    expect(problems[1]?.message).toContain('required: the seed is what repeats a run');
    expect(checkTexts({ ...base(), seed: 'abc' }, fields).problems[0]?.message).toContain(
      'scenario.seed: got "abc"',
    );
  });

  it('refuses a feed-in price above the retail price beside the feed-in field, with the reason', () => {
    const { problems } = checkTexts(
      { ...base(), gridRetailPrice: '5', gridFeedInPrice: '7' },
      fields,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('gridFeedInPrice');
    expect(problems[0]?.message).toContain('the grid never pays more for energy than it charges');
    expect(problems[0]?.message).toContain('gridRetailPrice (5)');
  });
});
