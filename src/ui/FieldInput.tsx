import { useId } from 'react';
import { allowedText, parseFieldText, type FieldSpec } from '../engine';

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
  /** Why the text was refused, shown beside the field (with problemId as its id). */
  readonly problem?: string;
  /**
   * A choice's help (words.ts: a preset's, a mechanism's): the chosen one's shown beside the
   * select as its description, every one as its option's title.
   */
  readonly choiceHelp?: (choice: string) => string | undefined;
}

/** A field's allowed values in words, beside it (choices and checkboxes show theirs already). */
function Allowed({ spec, id }: { spec: FieldSpec; id: string }) {
  return (
    <span className="field-allowed" id={id}>
      allowed: {allowedText(spec.key)}
    </span>
  );
}

/** The number a text reads as, for a spinbutton's aria-valuenow; undefined when it reads as none. */
function numberOf(spec: FieldSpec, text: string): number | undefined {
  if (text === '') return undefined;
  try {
    const v = parseFieldText(spec.key, text);
    return typeof v === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One scenario field as the table describes it: a number input with the table's bounds and
 * step, a select of the table's choices, or a checkbox. The label gives the control its
 * accessible name; the table's help is its description.
 */
export function FieldInput({ spec, text, onChange, blank, problemId, problem, choiceHelp }: Props) {
  const allowedId = `${problemId ?? `field-${spec.key}`}-allowed`;
  const helpId = `field-${spec.key}-${useId()}-help`;
  const numeric = spec.kind === 'integer' || spec.kind === 'number';
  const chosenHelp = spec.kind === 'choice' ? choiceHelp?.(text) : undefined;
  const common = {
    title: spec.help,
    'aria-invalid': problemId ? true : undefined,
    'aria-describedby':
      [problemId, numeric ? allowedId : undefined, chosenHelp ? helpId : undefined]
        .filter(Boolean)
        .join(' ') || undefined,
  } as const;
  const said =
    problem && problemId ? (
      <span className="hint field-problem" id={problemId} role="alert">
        {problem}
      </span>
    ) : null;
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
        {said}
      </label>
    );
  }
  if (spec.kind === 'choice') {
    const field = (
      <label className="field">
        {fieldLabel(spec)}
        <select value={text} onChange={(e) => onChange(e.target.value)} {...common}>
          {spec.choices.map((c) => (
            <option key={c} value={c} title={choiceHelp?.(c)}>
              {spec.choiceLabels?.[c] ?? c}
            </option>
          ))}
          {blank !== undefined ? (
            <option value="" title={choiceHelp?.('')}>
              {blank}
            </option>
          ) : null}
        </select>
        {said}
      </label>
    );
    if (!chosenHelp) return field;
    // Beside the label, not in it: inside it would become part of the select's name.
    return (
      <div className="field-with-help">
        {field}
        <span className="field-help" id={helpId} data-testid={`help-${spec.key}`}>
          {chosenHelp}
        </span>
      </div>
    );
  }
  // A number is typed as text: a number input would turn "abc" into "" (a blank, silently the
  // preset's value), and every text must reach the engine's parser to be refused by name.
  return (
    <label className="field">
      {fieldLabel(spec)}
      <input
        type="text"
        role={numeric ? 'spinbutton' : undefined}
        inputMode={numeric ? (spec.kind === 'integer' ? 'numeric' : 'decimal') : undefined}
        aria-valuemin={numeric ? spec.min : undefined}
        aria-valuemax={numeric ? spec.max : undefined}
        aria-valuenow={numeric ? numberOf(spec, text) : undefined}
        placeholder={blank}
        value={text}
        onChange={(e) => onChange(e.target.value)}
        {...common}
      />
      {numeric ? <Allowed spec={spec} id={allowedId} /> : null}
      {said}
    </label>
  );
}
