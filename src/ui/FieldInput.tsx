import type { FieldSpec } from '../engine';

/** A field's label with its unit from the table, unless the label already names it. */
export function fieldLabel(spec: FieldSpec): string {
  const { label, unit } = spec;
  return unit && !label.toLowerCase().includes(unit.toLowerCase()) ? `${label} (${unit})` : label;
}

interface Props {
  readonly spec: FieldSpec;
  /** The field's text (see store/fieldText.ts); blank means "not set". */
  readonly text: string;
  readonly onChange: (text: string) => void;
  /** What a blank field stands for: a choice's extra option, a number's placeholder. */
  readonly blank?: string;
  /** The id of the element that says why this field's text was refused, if it was. */
  readonly problemId?: string;
}

/**
 * One scenario field as the table describes it: a number input with the table's bounds and
 * step, a select of the table's choices, or a checkbox. The label gives the control its
 * accessible name; the table's help is its description.
 */
export function FieldInput({ spec, text, onChange, blank, problemId }: Props) {
  const common = {
    title: spec.help,
    'aria-invalid': problemId ? true : undefined,
    'aria-describedby': problemId,
  } as const;
  if (spec.kind === 'boolean') {
    return (
      <label className="inline">
        <input
          type="checkbox"
          checked={text === 'true'}
          onChange={(e) => onChange(e.target.checked ? 'true' : 'false')}
          {...common}
        />
        {fieldLabel(spec)}
      </label>
    );
  }
  if (spec.kind === 'choice') {
    return (
      <label className="field">
        {fieldLabel(spec)}
        <select value={text} onChange={(e) => onChange(e.target.value)} {...common}>
          {spec.choices.map((c) => (
            <option key={c} value={c}>
              {spec.choiceLabels?.[c] ?? c}
            </option>
          ))}
          {blank !== undefined ? <option value="">{blank}</option> : null}
        </select>
      </label>
    );
  }
  const numeric = spec.kind === 'integer' || spec.kind === 'number';
  return (
    <label className="field">
      {fieldLabel(spec)}
      <input
        type={numeric ? 'number' : 'text'}
        min={numeric ? spec.min : undefined}
        max={numeric ? spec.max : undefined}
        step={numeric ? (spec.step ?? (spec.kind === 'integer' ? 1 : 'any')) : undefined}
        placeholder={blank}
        value={text}
        onChange={(e) => onChange(e.target.value)}
        {...common}
      />
    </label>
  );
}
