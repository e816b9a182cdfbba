import { COMPARISON_COLUMNS, formatComparisonCell, type ComparisonColumn } from '../../engine';
import { columnHelp } from '../words';
import { useCompare } from '../../store/compareStore';

/** A column's head with its unit, unless the head already ends with it ("traded kWh"). */
function headText(c: ComparisonColumn): string {
  return c.unit === null || c.head.endsWith(c.unit) ? c.head : `${c.head} (${c.unit})`;
}

/** The CLI's comparison table, same columns and decimals, updated as the rounds arrive. */
export function CompareTable() {
  const rows = useCompare((s) => s.rows);
  const total = useCompare((s) => s.history.totalRounds);
  return (
    <>
      <table className="compare-table" data-testid="compare-table">
        <caption>
          Comparison after {rows[0]?.rounds ?? 0} of {total} hours (money in coins, prices in coins
          per 100 Wh)
        </caption>
        <thead>
          <tr>
            {COMPARISON_COLUMNS.map((c) => (
              <th key={c.key} scope="col" title={columnHelp(c)}>
                {c.head}
                {c.unit !== null && !c.head.endsWith(c.unit) ? (
                  <span className="unit"> {c.unit}</span>
                ) : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.mechanism} data-testid={`compare-row-${r.mechanism}`}>
              {COMPARISON_COLUMNS.map((c, i) => {
                const v = r[c.key];
                const text = formatComparisonCell(r, c);
                // The unrounded figure rides along, so a test can compare it with the engine's;
                // the head (with its unit) labels the cell where a phone shows rows as cards.
                const attrs = {
                  'data-key': c.key,
                  'data-value': v === null ? '' : String(v),
                  'data-head': headText(c),
                };
                return i === 0 ? (
                  <th key={c.key} scope="row" {...attrs}>
                    {text}
                  </th>
                ) : (
                  <td key={c.key} {...attrs}>
                    {text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <details className="column-help" data-testid="compare-column-help">
        <summary>What the columns mean</summary>
        <dl>
          {COMPARISON_COLUMNS.map((c) => (
            <div key={c.key}>
              <dt>{headText(c)}</dt>
              <dd>{columnHelp(c)}</dd>
            </div>
          ))}
        </dl>
      </details>
    </>
  );
}
