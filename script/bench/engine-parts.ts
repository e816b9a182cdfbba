/**
 * Two parts of the engine's hour measured on their own, as issue 16 asks: the clearing's sort
 * (the book built from a round's orders, bids and asks in priority order) and the Q table's
 * look-up (the nearest record a learner prices from). Prints one JSON line.
 *
 * - sort: a 1,000-household exp3 run's books are kept (its rounds' order columns), then the
 *   sort the loyalty clearing runs (sortBook, loyalty tie rule) is timed over all of them, and
 *   the whole loyalty clearing beside it, both on the columns as the simulation hands them over;
 * - look-up: a 1,000-household run with exp4's rules, learning from day `learnDays`, times every
 *   QTable.lookup the decision phase makes (the clock read around each call, its own cost
 *   measured on an empty call and taken off).
 * Usage: tsx script/bench/engine-parts.ts [households] [days] [learnDays] (npm run bench runs
 * it bundled under node: script/bench.ts)
 */
import { performance } from 'node:perf_hooks';
import {
  createMechanism,
  createSimulation,
  OrderColumns,
  QTable,
  resolveScenario,
  sortBook,
} from '../../src/engine';

const [households = '1000', days = '30', learnDays = '10'] = process.argv.slice(2);
const n = Number(households);

// The clearing's sort, on every book of an exp3 run.
const exp3 = resolveScenario({ preset: 'exp3', households: n, days: Number(days) });
const sim = createSimulation(exp3);
const books: OrderColumns[] = [];
while (!sim.done) {
  const r = sim.step();
  books.push(r.orderColumns ?? OrderColumns.of(r.orders));
}
const orders = books.reduce((a, b) => a + b.count, 0);
const passes = 3;
let t0 = performance.now();
for (let p = 0; p < passes; p++) for (const b of books) sortBook(b, 'loyalty');
const sortMs = (performance.now() - t0) / passes;
const loyalty = createMechanism('loyalty');
const clear = loyalty.clearColumns?.bind(loyalty);
if (!clear) throw new Error('the loyalty mechanism has no clearColumns: nothing to time');
const ctx = { rng: { next: () => 0, int: () => 0, fork: () => ctx.rng }, round: 0 };
t0 = performance.now();
for (let p = 0; p < passes; p++) for (const b of books) clear(b, ctx);
const clearMs = (performance.now() - t0) / passes;

// The Q look-up, timed call by call in a learning run.
const lookup = QTable.prototype.lookup;
let calls = 0;
let lookupMs = 0;
let records = 0;
QTable.prototype.lookup = function timed(this: QTable, ...args: Parameters<QTable['lookup']>) {
  const s = performance.now();
  const r = lookup.apply(this, args);
  lookupMs += performance.now() - s;
  calls++;
  records += this.size;
  return r;
};
const exp4 = resolveScenario({
  preset: 'exp4',
  households: n,
  days: Number(days),
  learning: { learningDays: Number(learnDays) },
});
const learning = createSimulation(exp4);
while (!learning.done) learning.step();
QTable.prototype.lookup = lookup;
// The clock's own cost per call, read the same way around a call that does nothing.
const empty = (): null => null;
const probes = 200_000;
let overheadMs = 0;
for (let i = 0; i < probes; i++) {
  const s = performance.now();
  empty();
  overheadMs += performance.now() - s;
}
const clockNs = (overheadMs / probes) * 1e6;

process.stdout.write(
  `${JSON.stringify({
    households: n,
    days: Number(days),
    books: books.length,
    ordersPerBook: orders / books.length,
    sortUsPerBook: (sortMs / books.length) * 1000,
    clearUsPerBook: (clearMs / books.length) * 1000,
    sortNsPerOrder: (sortMs / orders) * 1e6,
    lookupCalls: calls,
    lookupNsPerCall: Math.max(0, (lookupMs / Math.max(1, calls)) * 1e6 - clockNs),
    clockNsPerCall: clockNs,
    recordsPerTableAtLookup: records / Math.max(1, calls),
  })}\n`,
);
