/** One choice of speed: rounds per second (0: as fast as the engine goes) and its name. */
export interface SpeedChoice {
  readonly value: number;
  readonly label: string;
}

/** The Speed select of both views' playback controls. */
export function SpeedSelect({
  speeds,
  value,
  onChange,
  className = 'field',
}: {
  speeds: readonly SpeedChoice[];
  value: number;
  onChange: (roundsPerSecond: number) => void;
  className?: string;
}) {
  return (
    <label className={className}>
      Speed
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {speeds.map((s) => (
          <option key={s.value} value={s.value}>
            {s.label}
          </option>
        ))}
      </select>
    </label>
  );
}
