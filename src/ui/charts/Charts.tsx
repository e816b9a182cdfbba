import { Fragment, useMemo } from 'react';
import { useSim } from '../../store/simStore';
import { RoundInspector } from '../inspector/RoundInspector';
import { useDashboardTime } from '../../store/timeView';
import { fmt } from '../format';
import { dashboardTimeCharts } from './dashboardCharts';
import { PriceHistogram } from './PriceHistogram';
import { TimeBar, type OverviewLine } from './TimeBar';
import { TimeChart } from './TimeChart';

// The first Intl.NumberFormat of each precision costs tens of milliseconds (locale data); build
// them while the page loads rather than inside the first round's render during Play.
for (let digits = 0; digits <= 6; digits++) fmt(0, digits);

/** Every live chart of the dashboard. */
export function Charts() {
  const selected = useSim((s) => s.selectedHousehold);
  const every = useSim((s) => (s.everyHousehold ? (s.scenario?.households ?? 0) : 0));
  const charts = useMemo(() => dashboardTimeCharts(selected, every), [selected, every]);
  return (
    <>
      <DashboardTimeBar />
      <RoundInspector />
      <section className="charts" aria-label="Charts">
        {charts.map((c, i) => (
          <Fragment key={c.id}>
            <TimeChart id={c.id} title={c.title} unit={c.unit} series={c.series} />
            {/* The histogram reads beside the prices it counts. */}
            {i === 0 ? <PriceHistogram /> : null}
          </Fragment>
        ))}
      </section>
    </>
  );
}

/** The dashboard's scrubber and window, over the run's production and traded energy. */
function DashboardTimeBar() {
  const history = useSim((s) => s.history);
  const version = useSim((s) => s.version);
  const total = useSim((s) => s.totalRounds);
  const overview = useMemo<OverviewLine[]>(
    () => [
      { key: 'produced', color: '#f59f00', value: (r) => history.round.producedWh[r] ?? NaN },
      { key: 'traded', color: '#1c7ed6', value: (r) => history.round.tradedWh[r] ?? NaN },
    ],
    [history],
  );
  return (
    <TimeBar
      time={useDashboardTime}
      totalRounds={total}
      length={history.length}
      version={version}
      overview={overview}
    />
  );
}
