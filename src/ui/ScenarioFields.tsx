import type { FieldSpec, ScenarioError } from '../engine';
import type { FieldTexts } from '../store/fieldText';
import { FieldInput } from './FieldInput';

/** The id of the item of FieldProblems that names `field`'s refusal. */
const problemId = (formId: string, field: string): string => `${formId}-problem-${field}`;

interface Common {
  /** A useId() of the form, tying each field to what FieldProblems says of it. */
  readonly formId: string;
  /** The engine's refusals of the form's texts, one per field. */
  readonly problems: readonly ScenarioError[];
}

interface Props extends Common {
  readonly fields: readonly FieldSpec[];
  readonly texts: FieldTexts;
  readonly onChange: (texts: FieldTexts) => void;
  /** What a blank field stands for (see FieldInput), by field. */
  readonly blank?: (spec: FieldSpec) => string | undefined;
}

/** A form's scenario fields, in table order, each drawn from its spec. */
export function ScenarioFields({ fields, texts, onChange, blank, formId, problems }: Props) {
  const refused = new Set(problems.map((p) => p.field));
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
        />
      ))}
    </>
  );
}

/** What the form refused, field by field, read out as soon as it shows. */
export function FieldProblems({ formId, problems }: Common) {
  if (problems.length === 0) return null;
  return (
    <ul className="hint form-problems" role="alert">
      {problems.map((p) => (
        <li key={p.field} id={problemId(formId, p.field)}>
          {p.message}
        </li>
      ))}
    </ul>
  );
}
