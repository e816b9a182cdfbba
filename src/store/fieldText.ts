/**
 * Scenario fields as text, for the page's two text entry points: the link (url.ts) and the
 * scenario forms (the dashboard's and the comparison's, which show the fields the table places
 * in a form). Text is read by the engine's one parser (`parseFieldText`), so the link, the
 * forms, the CLI's flags and scenario files refuse the same values with the same message; this
 * module only writes values back as text that parser reads to the same value.
 */
import {
  FIELDS,
  FIELD_LIST,
  ScenarioError,
  fieldValue,
  inputFromFields,
  parseFieldText,
  type FieldKey,
  type FieldSpec,
  type FieldValues,
  type FormPlace,
  type ScenarioInput,
} from '../engine';

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

// ---------------------------------------------------------------------------------------------
// Forms
// ---------------------------------------------------------------------------------------------

/** Every field's text in a form; blank means "not set": the preset's value or the default. */
export type FieldTexts = Partial<Record<FieldKey, string>>;

/** The fields a form shows at `places`, in table order. */
export function formFields(places: readonly FormPlace[]): readonly FieldSpec[] {
  return FIELD_LIST.filter((f) => places.includes(f.form));
}

/** The texts of `fields` as set in `source`, blank where it leaves one out. */
export function textsOf(source: ScenarioInput, fields: readonly FieldSpec[]): FieldTexts {
  const out: FieldTexts = {};
  for (const f of fields) {
    const v = fieldValue(source, f.key);
    out[f.key] = v === undefined ? '' : fieldText(f.key, v);
  }
  return out;
}

/**
 * The input a form describes: `base` with every field the form set (blank ones taken out, so
 * the preset's value stands), or the problems of the texts that do not parse.
 */
export function inputFromTexts(
  texts: FieldTexts,
  base: ScenarioInput = {},
): { readonly input: ScenarioInput; readonly problems: readonly ScenarioError[] } {
  const entries = Object.entries(texts) as [FieldKey, string][];
  const { values, problems } = parseFields(entries.filter(([, t]) => t !== ''));
  const merged: Record<string, unknown> = {};
  for (const f of FIELD_LIST) {
    const v = fieldValue(base, f.key);
    if (v !== undefined) merged[f.key] = v;
  }
  for (const [key, t] of entries) if (t === '') delete merged[key];
  Object.assign(merged, values);
  return { input: inputFromFields(merged as FieldValues), problems };
}
