import { useEffect, useId, useState } from 'react';
import {
  MECHANISM_NAMES,
  resolveScenario,
  type FieldSpec,
  type MechanismName,
  type ScenarioInput,
} from '../../engine';
import { useCompare } from '../../store/compareStore';
import {
  checkTexts,
  fieldText,
  formFields,
  inputFromTexts,
  textsOf,
  type FieldTexts,
} from '../../store/fieldText';
import { DEFAULT_SCENARIO, readLink, writeLink } from '../../store/url';
import { FieldProblems, ScenarioFields } from '../ScenarioFields';
import { SpeedSelect, type SpeedChoice } from '../SpeedSelect';
import { CompareChart, CompareTimeBar } from './CompareChart';
import { CompareTable } from './CompareTable';
import { COMPARE_CHARTS } from './compareCharts';
import { compareFigures, compareStem } from './compareFigures';
import { DAILY_ABOVE_HOURS } from './compareRows';
import { saveFigures } from '../figure/saveFigure';
import { mechanismColor } from './colors';
import { MECHANISM_HELP } from '../words';
import { WordsPanel } from '../WordsPanel';
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
 * The form's texts for a link's comparison; a seed the link leaves out is the one that runs (the
 * preset's), since a blank seed is refused.
 */
function initialTexts(scenario: ScenarioInput): FieldTexts {
  const texts = textsOf(scenario, FIELDS);
  if (texts.seed !== '') return texts;
  try {
    return { ...texts, seed: fieldText('seed', resolveScenario(scenario).seed) };
  } catch {
    return texts;
  }
}

/**
 * Several mechanisms played on the same scenario and seed, side by side: the comparison table on
 * top and the same charts overlaid, one line per mechanism.
 */
export function CompareView() {
  const formId = useId();
  const [initial] = useState(linkComparison);
  const [texts, setTexts] = useState(() => initialTexts(initial.scenario));
  // Checked as typed, as the dashboard's form is: each field by the engine's parser, a blank
  // seed refused, then the scenario's cross checks, each refusal beside its field; Play waits
  // until there is none.
  const checked = checkTexts(texts, FIELDS, initial.scenario);
  const problems = checked.problems;
  const [picked, setPicked] = useState<readonly MechanismName[]>(initial.auctions);
  const playing = useCompare((s) => s.playing);
  const done = useCompare((s) => s.done);
  const speed = useCompare((s) => s.speed);
  const error = useCompare((s) => s.error);
  const running = useCompare((s) => s.running);
  const lastInput = useCompare((s) => s.input);
  const lastAuctions = useCompare((s) => s.auctions);
  const baselinePicked = useCompare((s) => s.baseline);
  const baseline =
    baselinePicked !== null && running.includes(baselinePicked) ? baselinePicked : null;
  const { start, play, pause, setSpeed, setBaseline } = useCompare.getState();
  const [zipping, setZipping] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const exportAll = (): void => {
    setZipping(true);
    setFailed(null);
    saveFigures(compareFigures(), compareStem())
      .catch((e: unknown) => setFailed(e instanceof Error ? e.message : String(e)))
      .finally(() => setZipping(false));
  };

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
    if (problems.length > 0) return;
    const input = checked.input;
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
            <label key={m} className="inline" title={MECHANISM_HELP[m]}>
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
            disabled={playing || ordered.length === 0 || problems.length > 0}
            title={problems.length > 0 ? 'Correct the fields marked above first' : undefined}
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
      <WordsPanel />
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
      <div className="compare-draw panel">
        <label className="inline">
          Lines show
          <select
            value={baseline ?? ''}
            onChange={(e) =>
              setBaseline(e.target.value === '' ? null : (e.target.value as MechanismName))
            }
          >
            <option value="">each mechanism&apos;s own figure</option>
            {running.map((m) => (
              <option key={m} value={m}>
                the difference from {m}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={exportAll} disabled={zipping || running.length === 0}>
          Export all charts
        </button>
        <p className="note">
          Over more than {DAILY_ABOVE_HOURS / 24} days the lines are daily means (a running total:
          where it stood at the day&apos;s end); zoom in to {DAILY_ABOVE_HOURS / 24} days or fewer
          for every hour. As a difference from one mechanism, that one is the line at 0 and lines
          that would lie on top of each other come apart.
        </p>
        {failed ? (
          <p className="hint" role="alert">
            {failed}
          </p>
        ) : null}
      </div>
      <div className="charts">
        {COMPARE_CHARTS.map((def) => (
          <CompareChart key={def.id} def={def} />
        ))}
      </div>
    </section>
  );
}
