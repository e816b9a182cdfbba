import { useId, useState } from 'react';
import { parseJsonInput, PrototypeKeyError } from '../engine';
import type { FieldSpec, Scenario, ScenarioInput } from '../engine';
import {
  checkTexts,
  formFields,
  inputFromTexts,
  textsOf,
  type FieldTexts,
} from '../store/fieldText';
import { linkOfRun } from '../store/runRecord';
import { useSim } from '../store/simStore';
import { download } from './download';
import { FieldProblems, ScenarioFields } from './ScenarioFields';

/** The form's fields from the field table: the first ones, and those behind "More parameters". */
const BASIC = formFields(['basic']);
const MORE = formFields(['more']);
const ALL = [...BASIC, ...MORE];

/** A blank preset is a custom scenario: the engine's defaults under the form's fields. */
const blank = (spec: FieldSpec): string | undefined =>
  spec.key === 'preset' ? 'custom' : undefined;

/** Scenario choice: preset or custom and the table's form fields; load, save and share. */
export function ScenarioPanel() {
  const scenario = useSim((s) => s.scenario);
  const input = useSim((s) => s.scenarioInput);
  if (!scenario) return null;
  // Remount on every new scenario so the form starts from what actually runs (and keeps what
  // was typed when the worker refuses it).
  const texts = textsOf(scenario, ALL);
  return (
    <ScenarioForm
      key={JSON.stringify(texts)}
      scenario={scenario}
      initial={{ ...texts, preset: input.preset ?? '' }}
    />
  );
}

function ScenarioForm({ scenario, initial }: { scenario: Scenario; initial: FieldTexts }) {
  const apply = useSim((s) => s.applyScenario);
  const formId = useId();
  const [texts, setTexts] = useState(initial);
  const [note, setNote] = useState<string | null>(null);
  // Checked as typed: every field by the engine's parser, then the scenario's cross checks, each
  // refusal beside its field; Apply waits until there is none.
  const checked = checkTexts(texts, ALL);
  const problems = checked.problems;

  const run = (next: ScenarioInput): void => {
    // The link follows once the engine accepts it (simStore): a refused value never reaches it.
    apply(next);
  };
  const onChange = (next: FieldTexts): void => {
    setTexts(next);
    // Picking a preset starts it at once, as it was written.
    if (next.preset && next.preset !== texts.preset)
      run(inputFromTexts({ preset: next.preset }).input);
  };
  const onApply = (): void => {
    if (problems.length === 0) run(checked.input);
  };
  const onLoad = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    try {
      // Prototype keys (__proto__, constructor, prototype) are refused by name before anything
      // copies the value (engine json.ts).
      run(parseJsonInput(await file.text()) as ScenarioInput);
      setNote(`Loaded ${file.name}.`);
    } catch (e) {
      setNote(
        e instanceof PrototypeKeyError
          ? `${file.name} was not loaded: ${e.message}.`
          : `${file.name} is not valid JSON: ${(e as Error).message}`,
      );
    }
  };
  const onShare = async (): Promise<void> => {
    const base = `${window.location.origin}${window.location.pathname}`;
    const link = linkOfRun(useSim.getState(), base);
    const url = `${base}?${link.query}`;
    const what = link.exact
      ? 'it replays this run, slider moves included.'
      : `${link.note ?? ''} The link holds the scenario only.`;
    try {
      await navigator.clipboard.writeText(url);
      setNote(`Link copied: ${what}`);
    } catch {
      setNote(`Share this link: ${url} (${what})`);
    }
  };
  const fields = { texts, onChange, blank, formId, problems };

  return (
    <section className="panel" aria-labelledby="scenario-title">
      <h2 id="scenario-title">Scenario</h2>
      <ScenarioFields fields={BASIC} {...fields} />
      <details open={MORE.some((f) => problems.some((p) => p.field === f.key)) || undefined}>
        <summary>More parameters</summary>
        <ScenarioFields fields={MORE} {...fields} />
      </details>
      <FieldProblems formId={formId} problems={problems} fields={ALL} />
      <div className="controls">
        <button
          type="button"
          className="primary"
          onClick={onApply}
          disabled={problems.length > 0}
          title={problems.length > 0 ? 'Correct the fields marked above first' : undefined}
        >
          Apply scenario
        </button>
        <button type="button" onClick={() => void onShare()}>
          Copy share link
        </button>
        <button
          type="button"
          onClick={() =>
            download(
              `scenario-${scenario.name}-${scenario.seed}.json`,
              'application/json',
              JSON.stringify(scenario, null, 2),
            )
          }
        >
          Save scenario JSON
        </button>
        <label className="inline">
          Load scenario JSON
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => void onLoad(e.target.files?.[0])}
          />
        </label>
      </div>
      {note ? <p className="note">{note}</p> : null}
      <p className="note">Applying starts a fresh run with fresh books on chain.</p>
    </section>
  );
}
