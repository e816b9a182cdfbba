/**
 * What `compare` prints and writes: the Markdown table for the terminal, and with --out
 * DIR/compare.csv, DIR/compare.json and per mechanism DIR/rounds-<mechanism>.csv and
 * DIR/households-<mechanism>.csv (and the community's netting ledger, DIR/ledger-community.csv),
 * all or nothing.
 */
import type { EnergyPrints, HouseholdSummary, Netting, RoundFigures } from '../engine';
import {
  COMPARISON_COLUMNS,
  formatComparisonCell,
  roundsHeader,
  roundsRow,
  toCsv,
} from '../engine';
import type { CompareResult, CompareRow, MechanismRun } from './compare';
import { writeFilesAtomically } from './output';

const COLUMNS = COMPARISON_COLUMNS;
const cell = formatComparisonCell;

/** A Markdown table (readable in a terminal, pasteable into the docs). */
export function formatTable(rows: readonly CompareRow[]): string {
  const cells = rows.map((r) => COLUMNS.map((c) => cell(r, c)));
  const widths = COLUMNS.map((c, i) => Math.max(c.head.length, ...cells.map((r) => r[i]!.length)));
  const line = (vs: readonly string[]): string =>
    `| ${vs.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(COLUMNS.map((c) => c.head)), rule, ...cells.map(line)].join('\n');
}

/** One line per column whose head needs its definition (both energy prints), for under the table. */
export function formatDefinitions(): string {
  return COLUMNS.flatMap((c) => (c.definition ? [`${c.head}: ${c.definition}`] : [])).join('\n');
}

const ROW_KEYS: readonly (keyof CompareRow)[] = [
  'mechanism',
  'solarShare',
  'thesisSolarPrint',
  'consumedKWh',
  'producedKWh',
  'gridImportKWh',
  'gridExportKWh',
  'tradedKWh',
  'meanPrice',
  'meanBuyerPrice',
  'totalSurplus',
  'auctioneerSurplus',
  'giniCoins',
  'averageUtility',
  'tradingRounds',
  'wallMs',
];

/** Same columns as `simulate`'s rounds.csv, so the files load with the same code. */
function roundsCsv(run: MechanismRun): string {
  const rows = run.rounds.map((r, i) =>
    roundsRow(r, run.figures[i] as RoundFigures, run.printsSoFar[i] as EnergyPrints),
  );
  return `${[roundsHeader(), ...rows].join('\n')}\n`;
}

function householdsCsv(households: readonly HouseholdSummary[]): string {
  return toCsv(
    [
      'index',
      'hasPv',
      'coinBalance',
      'coinDelta',
      'moneyBalance',
      'netValue',
      'batteryWh',
      'loyalty',
      'boughtLocalWh',
      'soldLocalWh',
      'gridImportWh',
      'gridExportWh',
    ],
    households.map((h) => [
      h.index,
      h.hasPv,
      h.coinBalance,
      h.coinDelta,
      h.moneyBalance,
      h.netValue,
      h.batteryWh,
      h.loyalty,
      h.boughtLocalWh,
      h.soldLocalWh,
      h.gridImportWh,
      h.gridExportWh,
    ]),
  );
}

function ledgerCsv(nettings: readonly Netting[]): string {
  return toCsv(
    ['round', 'agent', 'creditWh', 'debitWh', 'balance'],
    nettings.flatMap((n) =>
      n.entries.map((e) => [n.round, e.agent, e.creditWh, e.debitWh, e.balance]),
    ),
  );
}

/** Writes compare.csv, compare.json and the per-mechanism CSVs into dir, all or nothing. */
export function writeCompare(dir: string, result: CompareResult): string[] {
  const files: Record<string, string> = {
    'compare.csv': toCsv(
      ROW_KEYS,
      result.runs.map((r) => ROW_KEYS.map((k) => r.row[k])),
    ),
    'compare.json': `${JSON.stringify(
      {
        scenario: { ...result.scenario, auction: undefined },
        seed: result.scenario.seed,
        rows: result.runs.map((r) => r.row),
      },
      null,
      2,
    )}\n`,
  };
  for (const run of result.runs) {
    const m = run.row.mechanism;
    files[`rounds-${m}.csv`] = roundsCsv(run);
    files[`households-${m}.csv`] = householdsCsv(run.households);
    if (run.nettings) files[`ledger-${m}.csv`] = ledgerCsv(run.nettings);
  }
  return writeFilesAtomically(dir, files);
}
