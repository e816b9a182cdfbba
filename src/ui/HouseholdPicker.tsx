import { useSim } from '../store/simStore';
import { MAX_EVERY_HOUSEHOLD } from './charts/householdSeries';

/** Picks the household highlighted in every chart, and whether every household gets a line. */
export function HouseholdPicker() {
  const scenario = useSim((s) => s.scenario);
  const selected = useSim((s) => s.selectedHousehold);
  const select = useSim((s) => s.selectHousehold);
  const every = useSim((s) => s.everyHousehold);
  const setEvery = useSim((s) => s.setEveryHousehold);
  if (!scenario) return null;
  const areas = scenario.pv.areasM2;
  const tooMany = scenario.households > MAX_EVERY_HOUSEHOLD;
  return (
    <>
      <label className="field">
        Highlighted household
        <select value={selected} onChange={(e) => select(Number(e.target.value))}>
          {Array.from({ length: scenario.households }, (_, i) => (
            <option key={i} value={i}>
              Household {i} {(areas[i] ?? 0) > 0 ? `· PV ${areas[i]} m²` : '· no PV'}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={every && !tooMany}
          disabled={tooMany}
          onChange={(e) => setEvery(e.target.checked)}
        />
        Draw every household
      </label>
      {tooMany ? (
        <p className="note">A line each is drawn for up to {MAX_EVERY_HOUSEHOLD} households.</p>
      ) : null}
    </>
  );
}
