import { useSim } from '../store/simStore';

/** Picks the household highlighted in every chart. */
export function HouseholdPicker() {
  const scenario = useSim((s) => s.scenario);
  const selected = useSim((s) => s.selectedHousehold);
  const select = useSim((s) => s.selectHousehold);
  if (!scenario) return null;
  const areas = scenario.pv.areasM2;
  return (
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
  );
}
