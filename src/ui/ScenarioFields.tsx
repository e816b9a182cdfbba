import type { FieldSpec } from '../engine';
import type { FieldProblem, FieldTexts } from '../store/fieldText';
import { FieldInput } from './FieldInput';
import { choiceHelp } from './words';

/** The id of the item of FieldProblems that names `field`'s refusal. */
const problemId = (formId: string, field: string): string => `${formId}-problem-${field}`;

interface Common {
  /** A useId() of the form, tying each field to what FieldProblems says of it. */
  readonly formId: string;
  /** The engine's refusals of the form's texts, one per field. */
  readonly problems: readonly FieldProblem[];
}

interface Props extends Common {
  readonly fields: readonly FieldSpec[];
  readonly texts: FieldTexts;
  readonly onChange: (texts: FieldTexts) => void;
  /** What a blank field stands for (see FieldInput), by field. */
  readonly blank?: (spec: FieldSpec) => string | undefined;
}

/**
 * A form's scenario fields, in table order, each drawn from its spec with its allowed values
 * and, beside it, why its text was refused.
 */
export function ScenarioFields({ fields, texts, onChange, blank, formId, problems }: Props) {
  const refused = new Map(problems.map((p) => [p.field, p.message]));
  return (
    <>
      {fields.map((spec) => (
        <FieldInput
          key={spec.key}
          spec={spec}
          text={texts[spec.key] ?? ''}
          onChange={(text) => onChange({ ...texts, [spec.key]: text })}
          blank={blank?.(spec)}
          problemId={refused.has(spec.key) ? problemId(formId, spec.key) : undefined}
          problem={refused.get(spec.key)}
          choiceHelp={(choice) => choiceHelp(spec.key, choice)}
        />
      ))}
    </>
  );
}

/**
 * What the form refused that no field shows beside it (a field the form does not show, or a
 * check of the whole scenario), read out as soon as it shows.
 */
export function FieldProblems({
  formId,
  problems,
  fields,
}: Common & { readonly fields: readonly FieldSpec[] }) {
  const shown = new Set<string>(fields.map((f) => f.key));
  const rest = problems.filter((p) => !shown.has(p.field));
  if (rest.length === 0) return null;
  return (
    <ul className="hint form-problems" role="alert">
      {rest.map((p) => (
        <li key={p.field} id={problemId(formId, p.field)}>
          {p.message}
        </li>
      ))}
    </ul>
  );
}
