import { useEffect, useId, useState } from 'react';
import {
  MECHANISM_NAMES,
  type FieldSpec,
  type MechanismName,
  type ScenarioError,
} from '../../engine';
import { useCompare } from '../../store/compareStore';
import { formFields, inputFromTexts, textsOf } from '../../store/fieldText';
import { DEFAULT_SCENARIO, readLink, writeLink } from '../../store/url';
import { FieldProblems, ScenarioFields } from '../ScenarioFields';
import { SpeedSelect, type SpeedChoice } from '../SpeedSelect';
import { CompareChart, CompareTimeBar } from './CompareChart';
import { CompareTable } from './CompareTable';
import { mechanismColor } from './colors';
import './compare.css';

const SPEEDS: readonly SpeedChoice[] = [
  { value: 24, label: '1 day / s' },
  { value: 168, label: '1 week / s' },
  { value: 0, label: 'As fast as possible' },
];

/** The dashboard form's first fields but the auction: the checkboxes pick the mechanisms. */
const FIELDS = formFields(['basic']).filter((f) => f.key !== 'auction');

/** Blank: the preset's value (a blank preset is a custom scenario). */
const blank = (spec: FieldSpec): string => (spec.key === 'preset' ? 'custom' : 'preset');

/** The link's comparison: its scenario without the single auction, or the default scenario. */
function linkComparison() {
  const link = readLink();
  const { auction: _auction, ...scenario } = link.scenario;
  return { ...link, scenario: Object.keys(scenario).length > 0 ? scenario : DEFAULT_SCENARIO };
}

/**
 * Several mechanisms played on the same scenario and seed, side by side: the comparison table on
 * top and the same charts overlaid, one line per mechanism.
 */
export function CompareView() {
  const formId = useId();
  const [initial] = useState(linkComparison);
  const [texts, setTexts] = useState(() => textsOf(initial.scenario, FIELDS));
  const [problems, setProblems] = useState<readonly ScenarioError[]>([]);
  const [picked, setPicked] = useState<readonly MechanismName[]>(initial.auctions);
  const playing = useCompare((s) => s.playing);
  const done = useCompare((s) => s.done);
  const speed = useCompare((s) => s.speed);
  const error = useCompare((s) => s.error);
  const running = useCompare((s) => s.running);
  const lastInput = useCompare((s) => s.input);
  const lastAuctions = useCompare((s) => s.auctions);
  const { start, play, pause, setSpeed } = useCompare.getState();

  // Parameters the form does not show (prices, batteries, ...) come along from the link.
  const formInput = () => inputFromTexts(texts, initial.scenario);
  // Mechanisms in the canonical order, so the table and legend read the same every time.
  const ordered = MECHANISM_NAMES.filter((m) => picked.includes(m));

  // Load the URL's comparison once, so the table and charts show what will play.
  useEffect(() => {
    start(formInput().input, ordered);
    // Leaving the view stops the run rather than burning a core nobody is watching.
    return () => pause();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on first show
  }, []);

  const onPlay = (): void => {
    const { input, problems: refused } = formInput();
    setProblems(refused);
    if (refused.length > 0) return;
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
        <ScenarioFields
          fields={FIELDS}
          texts={texts}
          onChange={setTexts}
          blank={blank}
          formId={formId}
          problems={problems}
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
                style={{ borderTopColor: mechanismColor(m), borderTopStyle: 'solid' }}
              />
              {m}
            </label>
          ))}
        </fieldset>
        <SpeedSelect speeds={SPEEDS} value={speed} onChange={setSpeed} />
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
        <FieldProblems formId={formId} problems={problems} fields={FIELDS} />
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
              style={{ borderTopColor: mechanismColor(m), borderTopStyle: 'solid' }}
            />
            {m}
          </li>
        ))}
      </ul>
      <CompareTimeBar />
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
