import { useEffect, useState } from 'react';
import {
  MECHANISM_NAMES,
  PRESET_NAMES,
  type MechanismName,
  type PresetName,
  type ScenarioInput,
} from '../../engine';
import { CompareChart } from './CompareChart';
import { CompareTable } from './CompareTable';
import { MECHANISM_COLORS } from './colors';
import { useCompare } from '../../store/compareStore';
import { DEFAULT_SCENARIO, readLink, writeLink } from '../../store/url';
import './compare.css';
import { NumberField } from '../NumberField';

const SPEEDS: readonly { value: number; label: string }[] = [
  { value: 24, label: '1 day / s' },
  { value: 168, label: '1 week / s' },
  { value: 0, label: 'As fast as possible' },
];

/** Blank means "the preset's value"; anything else goes to the engine, which names bad values. */
const numberOrUnset = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));

/**
 * Several mechanisms played on the same scenario and seed, side by side: the comparison table on
 * top and the same charts overlaid, one line per mechanism.
 */
export function CompareView() {
  const [initial] = useState(() => {
    const link = readLink();
    // The auction comes from the checkboxes, never the scenario.
    const { auction: _auction, ...scenario } = link.scenario;
    return { ...link, scenario: Object.keys(scenario).length > 0 ? scenario : DEFAULT_SCENARIO };
  });
  const [preset, setPreset] = useState<PresetName>(initial.scenario.preset ?? 'exp3');
  const [seed, setSeed] = useState(String(initial.scenario.seed ?? 1));
  const [days, setDays] = useState(
    initial.scenario.days === undefined ? '' : String(initial.scenario.days),
  );
  const [households, setHouseholds] = useState(
    initial.scenario.households === undefined ? '' : String(initial.scenario.households),
  );
  const [picked, setPicked] = useState<readonly MechanismName[]>(initial.auctions);
  const playing = useCompare((s) => s.playing);
  const done = useCompare((s) => s.done);
  const speed = useCompare((s) => s.speed);
  const error = useCompare((s) => s.error);
  const running = useCompare((s) => s.running);
  const lastInput = useCompare((s) => s.input);
  const lastAuctions = useCompare((s) => s.auctions);
  const { start, play, pause, setSpeed } = useCompare.getState();

  const formInput = (): ScenarioInput => {
    // Parameters the form does not show (prices, batteries, ...) come along from the URL.
    const next: ScenarioInput = { ...initial.scenario, preset };
    const opt = {
      seed: numberOrUnset(seed),
      days: numberOrUnset(days),
      households: numberOrUnset(households),
    };
    for (const [k, v] of Object.entries(opt)) {
      if (v === undefined) delete (next as Record<string, unknown>)[k];
      else (next as Record<string, unknown>)[k] = v;
    }
    return next;
  };
  // Mechanisms in the canonical order, so the table and legend read the same every time.
  const ordered = MECHANISM_NAMES.filter((m) => picked.includes(m));

  // Load the URL's comparison once, so the table and charts show what will play.
  useEffect(() => {
    start(formInput(), ordered);
    // Leaving the view stops the run rather than burning a core nobody is watching.
    return () => pause();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on first show
  }, []);

  const onPlay = (): void => {
    const input = formInput();
    const changed =
      JSON.stringify(input) !== JSON.stringify(lastInput) || ordered.join() !== lastAuctions.join();
    if (changed || done) start(input, ordered);
    writeLink({ view: 'compare', scenario: input, auctions: ordered });
    play();
  };
  const toggle = (m: MechanismName, on: boolean): void =>
    setPicked((p) => (on ? [...p, m] : p.filter((x) => x !== m)));

  return (
    <section className="compare" aria-label="Compare mechanisms">
      <p className="note" data-testid="compare-engine-only">
        Engine only: this view simulates each mechanism in the browser and settles nothing on chain.
      </p>
      <div className="compare-form panel">
        <label className="field">
          Scenario
          <select value={preset} onChange={(e) => setPreset(e.target.value as PresetName)}>
            {PRESET_NAMES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <NumberField label="Seed" value={seed} onChange={setSeed} />
        <NumberField label="Days" value={days} onChange={setDays} min={1} placeholder="preset" />
        <NumberField
          label="Households"
          value={households}
          onChange={setHouseholds}
          min={1}
          placeholder="preset"
        />
        <fieldset className="compare-mechanisms">
          <legend>Mechanisms</legend>
          {MECHANISM_NAMES.map((m) => (
            <label key={m} className="inline">
              <input
                type="checkbox"
                checked={picked.includes(m)}
                onChange={(e) => toggle(m, e.target.checked)}
              />
              <span
                className="swatch"
                style={{ borderTopColor: MECHANISM_COLORS[m], borderTopStyle: 'solid' }}
              />
              {m}
            </label>
          ))}
        </fieldset>
        <label className="field">
          Speed
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
            {SPEEDS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <div className="controls">
          <button
            type="button"
            className="primary"
            onClick={onPlay}
            disabled={playing || ordered.length === 0}
          >
            Play
          </button>
          <button type="button" onClick={pause} disabled={!playing}>
            Pause
          </button>
        </div>
        {ordered.length === 0 && <p className="hint">Pick at least one mechanism.</p>}
      </div>
      {error && (
        <p className="error-banner" role="alert">
          {error}
        </p>
      )}
      <div className="compare-table-wrap">
        <CompareTable />
      </div>
      <ul className="legend" aria-label="Mechanisms drawn">
        {running.map((m) => (
          <li key={m}>
            <span
              className="swatch"
              style={{ borderTopColor: MECHANISM_COLORS[m], borderTopStyle: 'solid' }}
            />
            {m}
          </li>
        ))}
      </ul>
      <div className="charts">
        <CompareChart
          id="price"
          title="Mean traded price per hour"
          unit="coins / 100 Wh"
          series="meanTradePrice"
        />
        <CompareChart
          id="traded"
          title="Traded energy, cumulative"
          unit="kWh"
          series="cumTradedKWh"
          cumulative
        />
        <CompareChart
          id="grid-import"
          title="Grid import, cumulative"
          unit="kWh"
          series="cumGridImportKWh"
          cumulative
        />
        <CompareChart
          id="money"
          title="Mean money balance per household"
          unit="coins"
          series="meanMoney"
        />
        <CompareChart
          id="utility"
          title="Average utility so far"
          unit="coins / 100 Wh"
          series="averageUtility"
        />
      </div>
    </section>
  );
}
