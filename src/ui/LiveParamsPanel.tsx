import { useState } from 'react';
import { FIELDS, LIVE_KEYS, type FieldSpec, type LiveKey, type LiveParams } from '../engine';
import { checkLiveMove } from '../store/liveMove';
import { useSim } from '../store/simStore';
import { unitText } from './format';
import { InForce } from './InForce';
import { Slider } from './Slider';

/** The table's bounds of a number field (every live field is one). */
const bounded = (spec: FieldSpec) =>
  spec.kind === 'integer' || spec.kind === 'number' ? spec : null;

/**
 * A slider's range: the table's typical range (its whole range where it gives none), widened to
 * the values in force of every live field with the same unit, so fields that are compared with
 * each other (the price list's ends, the grid's two prices) share one scale.
 */
function sliderRange(key: LiveKey, live: LiveParams): { min: number; max: number; step: number } {
  const spec = bounded(FIELDS[key]);
  if (!spec) throw new Error(`${key} is a live field without bounds`);
  const [lo, hi] = spec.typical ?? [spec.min, spec.max];
  const same = LIVE_KEYS.filter((k) => FIELDS[k].unit === spec.unit).map((k) => live[k]);
  return {
    min: Math.min(lo, ...same),
    max: Math.max(hi, ...same),
    step: spec.step ?? (spec.kind === 'integer' ? 1 : (spec.max - spec.min) / 100),
  };
}

/** Sliders that change the running market from its next round on, one per live field. */
export function LiveParamsPanel() {
  const reported = useSim((s) => s.live);
  const pending = useSim((s) => s.pendingLive);
  const setLiveParams = useSim((s) => s.setLiveParams);
  const [hint, setHint] = useState<{ key: LiveKey; text: string } | null>(null);
  if (!reported) return null;
  const live: LiveParams = { ...reported, ...pending };

  const move = (key: LiveKey, value: number, step: number): void => {
    const checked = checkLiveMove(live, key, value, step);
    setHint(checked.hint ? { key, text: checked.hint } : null);
    setLiveParams(checked.params);
  };

  return (
    <section className="panel" aria-labelledby="live-title">
      <h2 id="live-title">Market parameters</h2>
      <p className="note">Take effect from the next round, also while playing.</p>
      {LIVE_KEYS.map((key) => {
        const spec = FIELDS[key];
        const range = sliderRange(key, live);
        return (
          <Slider
            key={key}
            label={spec.label}
            title={spec.help}
            value={live[key]}
            {...range}
            format={(v) => unitText(v, spec.unit)}
            onChange={(v) => move(key, v, range.step)}
            hint={hint?.key === key ? hint.text : null}
          />
        );
      })}
      <InForce />
    </section>
  );
}
