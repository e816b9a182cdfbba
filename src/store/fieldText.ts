/**
 * Scenario fields as text, for the page's two text entry points: the link (url.ts) and the
 * scenario forms (the dashboard's and the comparison's, which show the fields the table places
 * in a form). Text is read by the engine's one parser (`parseFieldText`), so the link, the
 * forms, the CLI's flags and scenario files refuse the same values with the same message; this
 * module only writes values back as text that parser reads to the same value.
 */
import {
  CROSS_CHECKS,
  FIELDS,
  FIELD_LIST,
  ScenarioError,
  allowedText,
  fieldValue,
  inputFromFields,
  parseFieldText,
  resolveScenario,
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

/** A form field's refusal as the form shows it beside the field (a ScenarioError is one). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * Fields a form refuses to leave blank, and why: a blank seed would silently run the preset's,
 * and the seed is what repeats a run, so it is always said.
 */
const REQUIRED: Partial<Record<FieldKey, string>> = {
  seed: 'required: the seed is what repeats a run',
};

/**
 * A form's texts checked as they are typed: each text by the engine's parser, the fields a form
 * may not leave blank, and then the whole scenario by `resolveScenario` (the cross checks: a
 * feed-in price above the retail price, a minimum above the maximum, ...), its refusal blamed on
 * the form's field it names (or the form's fields its check reads). Nothing is applied until
 * `problems` is empty; a problem no field of the form can be blamed for has field `(form)`.
 */
export function checkTexts(
  texts: FieldTexts,
  fields: readonly FieldSpec[],
  base: ScenarioInput = {},
): { readonly input: ScenarioInput; readonly problems: readonly FieldProblem[] } {
  const { input, problems } = inputFromTexts(texts, base);
  const required: FieldProblem[] = [];
  for (const f of fields) {
    const why = REQUIRED[f.key];
    if (why && (texts[f.key] ?? '') === '')
      required.push(new ScenarioError(f.key, '', `${allowedText(f.key)} (${why})`));
  }
  if (problems.length > 0 || required.length > 0)
    return { input, problems: [...problems, ...required] };
  try {
    resolveScenario(input);
    return { input, problems: [] };
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    const shown = new Set<string>(fields.map((f) => f.key));
    const check = CROSS_CHECKS.find((c) => c.field === e.field);
    const blamed = shown.has(e.field) ? [e.field] : (check?.uses ?? []).filter((k) => shown.has(k));
    if (blamed.length === 0) return { input, problems: [{ field: '(form)', message: e.message }] };
    return {
      input,
      // The engine's words, beside each field its check reads.
      problems: blamed.map((field) => ({ field, message: e.message })),
    };
  }
}
