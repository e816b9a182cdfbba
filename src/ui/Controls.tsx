import { useSim } from '../store/simStore';
import { SpeedSelect, type SpeedChoice } from './SpeedSelect';

const SPEEDS: readonly SpeedChoice[] = [
  { value: 1, label: '1 hour / s' },
  { value: 4, label: '4 hours / s' },
  { value: 24, label: '1 day / s' },
  { value: 240, label: '10 days / s' },
  { value: 0, label: 'As fast as possible' },
];

/** Play, pause, step, reset and speed. */
export function Controls() {
  const playing = useSim((s) => s.playing);
  const done = useSim((s) => s.done);
  const ready = useSim((s) => s.scenario !== null);
  const speed = useSim((s) => s.speed);
  const { play, pause, step, reset, setSpeed } = useSim.getState();
  return (
    <div className="controls" role="group" aria-label="Playback">
      <button type="button" className="primary" onClick={play} disabled={!ready || playing || done}>
        Play
      </button>
      <button type="button" onClick={pause} disabled={!playing}>
        Pause
      </button>
      <button
        type="button"
        onClick={step}
        disabled={!ready || playing || done}
        title="Simulate one hour"
      >
        Step
      </button>
      <button
        type="button"
        onClick={reset}
        disabled={!ready}
        title="Start the run again with fresh books on chain"
      >
        Reset
      </button>
      <SpeedSelect speeds={SPEEDS} value={speed} onChange={setSpeed} className="inline" />
    </div>
  );
}
