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
  const banded = scenario.households > MAX_EVERY_HOUSEHOLD;
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
        <input type="checkbox" checked={every} onChange={(e) => setEvery(e.target.checked)} />
        Draw every household
      </label>
      {banded ? (
        <p className="note" data-testid="every-household-bands">
          Above {MAX_EVERY_HOUSEHOLD} households, as bands: min to max, 10th to 90th percentile, and
          the median.
        </p>
      ) : null}
    </>
  );
}
