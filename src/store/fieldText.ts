/**
 * Scenario fields as text, for the page's two text entry points (the link and the form). Text is
 * read by the engine's one parser (`parseFieldText`), so the link, the form, the CLI's flags and
 * scenario files refuse the same values with the same message; this module only writes values
 * back as text that parser reads to the same value.
 */
import { FIELDS, ScenarioError, parseFieldText, type FieldKey, type FieldValues } from '../engine';

/** A number as plain decimal text (`String` writes 1e-7, which the parser refuses). */
function decimalText(v: number): string {
  const s = String(v);
  return /e/i.test(s) ? v.toFixed(20).replace(/\.?0+$/, '') : s;
}

/** A field's value as text that `parseFieldText(key, text)` reads back to the same value. */
export function fieldText(key: FieldKey, value: unknown): string {
  if (FIELDS[key].kind === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return value.map((v) => decimalText(Number(v))).join(',');
  return typeof value === 'number' ? decimalText(value) : String(value);
}

export interface ParsedFields {
  readonly values: FieldValues;
  /** One per refused text, naming the field, the text as given and what is allowed. */
  readonly problems: readonly ScenarioError[];
}

/**
 * Parses each field's text; a refused one is left out of `values` (so the preset's or the
 * default value stands in) and named in `problems`. Errors other than a ScenarioError are bugs
 * and propagate.
 */
export function parseFields(texts: Iterable<readonly [FieldKey, string]>): ParsedFields {
  const values: Record<string, unknown> = {};
  const problems: ScenarioError[] = [];
  for (const [key, text] of texts) {
    try {
      values[key] = parseFieldText(key, text);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      problems.push(e);
    }
  }
  return { values: values as FieldValues, problems };
}
