import { useState } from 'react';
import { MECHANISM_NAMES, PRESET_NAMES, type Scenario, type ScenarioInput } from '../engine';
import { useSim } from '../store/simStore';
import { writeLink } from '../store/url';
import { download } from './download';
import { NumberField } from './NumberField';

type PresetChoice = (typeof PRESET_NAMES)[number] | 'custom';

/** Scenario choice: preset or custom, seed, size, length and auction; load, save and share. */
export function ScenarioPanel() {
  const scenario = useSim((s) => s.scenario);
  const input = useSim((s) => s.scenarioInput);
  if (!scenario) return null;
  // Remount on every new scenario so the form starts from what actually runs.
  return (
    <ScenarioForm
      key={JSON.stringify([
        scenario.name,
        scenario.seed,
        scenario.households,
        scenario.days,
        scenario.auction,
        scenario.batteryCapacityWh,
        scenario.initCoins,
        scenario.gridRetailPrice,
        scenario.gridFeedInPrice,
        scenario.weather.mode,
        scenario.learning.enabled,
      ])}
      scenario={scenario}
      input={input}
    />
  );
}

function ScenarioForm({ scenario, input }: { scenario: Scenario; input: ScenarioInput }) {
  const apply = useSim((s) => s.applyScenario);
  const [preset, setPreset] = useState<PresetChoice>(input.preset ?? 'custom');
  const [seed, setSeed] = useState(String(scenario.seed));
  const [households, setHouseholds] = useState(String(scenario.households));
  const [days, setDays] = useState(String(scenario.days));
  const [auction, setAuction] = useState<string>(scenario.auction);
  const [capacity, setCapacity] = useState(String(scenario.batteryCapacityWh));
  const [initCoins, setInitCoins] = useState(String(scenario.initCoins));
  const [retail, setRetail] = useState(String(scenario.gridRetailPrice));
  const [feedIn, setFeedIn] = useState(String(scenario.gridFeedInPrice));
  const [weatherMode, setWeatherMode] = useState<string>(scenario.weather.mode);
  const [learning, setLearning] = useState(scenario.learning.enabled);
  const [note, setNote] = useState<string | null>(null);

  const run = (next: ScenarioInput): void => {
    apply(next);
    writeLink({ view: 'dashboard', scenario: next, auctions: [] });
  };
  const onPreset = (p: PresetChoice): void => {
    setPreset(p);
    if (p !== 'custom') run({ preset: p });
  };
  const onApply = (): void => {
    const next = {
      ...(preset === 'custom' ? {} : { preset }),
      seed: Number(seed),
      households: Number(households),
      days: Number(days),
      auction,
      batteryCapacityWh: Number(capacity),
      initCoins: Number(initCoins),
      gridRetailPrice: Number(retail),
      gridFeedInPrice: Number(feedIn),
      weather: { mode: weatherMode },
      learning: { enabled: learning },
    } as ScenarioInput;
    run(next);
  };
  const onLoad = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    try {
      run(JSON.parse(await file.text()) as ScenarioInput);
      setNote(`Loaded ${file.name}.`);
    } catch (e) {
      setNote(`${file.name} is not valid JSON: ${(e as Error).message}`);
    }
  };
  const onShare = async (): Promise<void> => {
    const url = window.location.href;
    try {
      await navigator.clipboard.writeText(url);
      setNote('Link copied: it reproduces this run.');
    } catch {
      setNote(`Share this link: ${url}`);
    }
  };

  return (
    <section className="panel" aria-labelledby="scenario-title">
      <h2 id="scenario-title">Scenario</h2>
      <label className="field">
        Preset
        <select value={preset} onChange={(e) => onPreset(e.target.value as PresetChoice)}>
          {PRESET_NAMES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
          <option value="custom">custom</option>
        </select>
      </label>
      <NumberField label="Seed" value={seed} onChange={setSeed} />
      <NumberField label="Households" value={households} onChange={setHouseholds} min={1} />
      <NumberField label="Days" value={days} onChange={setDays} min={1} />
      <label className="field">
        Auction
        <select value={auction} onChange={(e) => setAuction(e.target.value)}>
          {MECHANISM_NAMES.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <details>
        <summary>More parameters</summary>
        <NumberField
          label="Battery capacity (Wh)"
          value={capacity}
          onChange={setCapacity}
          min={0}
          step={500}
        />
        <NumberField
          label="Initial coins per household"
          value={initCoins}
          onChange={setInitCoins}
          min={0}
        />
        <NumberField
          label="Grid retail price (money / 100 Wh)"
          value={retail}
          onChange={setRetail}
          min={0}
          step={0.5}
        />
        <NumberField
          label="Grid feed-in price (money / 100 Wh)"
          value={feedIn}
          onChange={setFeedIn}
          min={0}
          step={0.5}
        />
        <label className="field">
          Weather model
          <select value={weatherMode} onChange={(e) => setWeatherMode(e.target.value)}>
            <option value="hourly">hourly draws (thesis)</option>
            <option value="daily">one draw per day</option>
            <option value="markov">persistent (Markov)</option>
          </select>
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={learning}
            onChange={(e) => setLearning(e.target.checked)}
          />
          Q-learning pricing
        </label>
      </details>
      <div className="controls">
        <button type="button" className="primary" onClick={onApply}>
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
