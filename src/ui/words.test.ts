import { describe, expect, it } from 'vitest';
import { COMPARISON_COLUMNS, FIELDS, MECHANISM_NAMES, PRESET_NAMES } from '../engine';
import { choiceHelp, COLUMN_HELP, MECHANISM_HELP, PRESET_HELP, UNIT_HELP, UNITS } from './words';

/** A help worth the name: a sentence, not a placeholder. */
const sentence = (s: string | undefined) => expect(s ?? '').toMatch(/^\S.{30,}[.)]$/s);

describe("the page's words", () => {
  it('has a help for every preset the form offers, blank (custom) included', () => {
    const choices = FIELDS.preset.kind === 'choice' ? FIELDS.preset.choices : [];
    expect(choices).toEqual(PRESET_NAMES);
    for (const p of [...PRESET_NAMES, '']) sentence(choiceHelp('preset', p));
    expect(Object.keys(PRESET_HELP).sort()).toEqual([...PRESET_NAMES, 'custom'].sort());
  });

  it('has a help for every mechanism of the registry, and no other', () => {
    const choices = FIELDS.auction.kind === 'choice' ? FIELDS.auction.choices : [];
    expect(choices).toEqual(MECHANISM_NAMES);
    for (const m of MECHANISM_NAMES) sentence(choiceHelp('auction', m));
    expect(Object.keys(MECHANISM_HELP).sort()).toEqual([...MECHANISM_NAMES].sort());
  });

  it('has a help for every unit and every comparison column', () => {
    for (const u of UNITS) sentence(UNIT_HELP[u]);
    expect(COLUMN_HELP.map((c) => c.key)).toEqual(COMPARISON_COLUMNS.map((c) => c.key));
    for (const c of COLUMN_HELP) sentence(c.help);
  });

  it('gives other fields no choice help', () => {
    expect(choiceHelp('weather', 'thesis-code')).toBeUndefined();
  });
});
