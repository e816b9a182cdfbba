import { useId } from 'react';

interface Props {
  readonly label: string;
  /** A longer description (the field table's help). */
  readonly title?: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly format: (v: number) => string;
  readonly onChange: (v: number) => void;
  readonly hint?: string | null;
  readonly disabled?: boolean;
}

/** A range input whose label and current value are always visible and read out. */
export function Slider({
  label,
  title,
  value,
  min,
  max,
  step,
  format,
  onChange,
  hint,
  disabled,
}: Props) {
  const id = useId();
  return (
    <div className="field">
      <div className="row">
        <label htmlFor={id}>{label}</label>
        <output htmlFor={id} data-testid={`value-${label}`}>
          {format(value)}
        </output>
      </div>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        title={title}
        disabled={disabled}
        aria-valuetext={format(value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(Number(e.target.value))}
      />
      {hint ? (
        <p id={`${id}-hint`} className="hint" role="note">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
