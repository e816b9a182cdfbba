import { describe, expect, it } from 'vitest';
import { createReplay, createRun, explainRound, finishRun, resolveScenario } from '../engine';
import { RoundInspector } from './inspector';
import { INSPECT_PAGE_ROWS, type InspectRows } from './protocol';

/** A round of 200 households: more orders than one page holds. */
function big() {
  const scenario = resolveScenario({ preset: 'exp3', seed: 4, days: 2, households: 200 });
  const run = finishRun(createRun(scenario));
  // A midday hour, when households both buy and sell.
  const round = 24 + 12;
  const full = explainRound(scenario, createReplay(scenario, run.changes).round(round, run.round));
  return { inspector: new RoundInspector(run), round, full, scenario, run };
}

describe('the inspector sends its tables a page at a time', () => {
  const { inspector, round, full, scenario, run } = big();

  it('answers with the first page of each table and the counts', () => {
    const { explanation: x } = inspector.explain(round);
    expect(full.orders.length).toBeGreaterThan(INSPECT_PAGE_ROWS);
    expect(x.orderCount).toBe(full.orders.length);
    expect(x.tradeCount).toBe(full.trades.length);
    expect(x.pages.orders).toMatchObject({ offset: 0, total: full.orders.length });
    expect(x.pages.orders.rows).toHaveLength(INSPECT_PAGE_ROWS);
    expect(x.pages.arrivals).toBeNull();
    // What crosses to the page holds no per-order list beyond the pages.
    expect('orders' in x).toBe(false);
    expect('households' in x).toBe(false);
  });

  it('pages through every order once, bids highest first, then asks lowest first', () => {
    const seen: InspectRows['orders'][] = [];
    for (let offset = 0; offset < full.orders.length; offset += INSPECT_PAGE_ROWS) {
      const page = inspector.rows(round, 'orders', offset);
      expect(page.offset).toBe(offset);
      expect(page.total).toBe(full.orders.length);
      seen.push(...(page.rows as InspectRows['orders'][]));
    }
    expect(seen.map((o) => o.id).sort((a, b) => a - b)).toEqual(
      full.orders.map((o) => o.id).sort((a, b) => a - b),
    );
    const bids = seen.filter((o) => o.side === 'buy');
    expect(seen.slice(0, bids.length)).toEqual(bids);
    for (let i = 1; i < bids.length; i++) {
      expect(bids[i]!.price).toBeLessThanOrEqual(bids[i - 1]!.price);
    }
    const asks = seen.slice(bids.length);
    for (let i = 1; i < asks.length; i++) {
      expect(asks[i]!.price).toBeGreaterThanOrEqual(asks[i - 1]!.price);
    }
  });

  it('gives each trade its orders’ prices and lists only households with something this hour', () => {
    const trades = inspector.rows(round, 'trades', 0).rows as InspectRows['trades'][];
    const price = new Map(full.orders.map((o) => [o.id, o.price]));
    for (const t of trades) {
      expect(t.bid).toBe(price.get(t.buyOrder));
      expect(t.ask).toBe(price.get(t.sellOrder));
    }
    const households = inspector.rows(round, 'households', 0);
    expect(households.total).toBeLessThanOrEqual(full.households.length);
    for (const h of households.rows as InspectRows['households'][]) {
      expect(
        h.boughtWh + h.soldWh + h.gridImportWh + h.gridExportWh > 0 ||
          h.loyaltyAfter !== h.loyaltyBefore,
      ).toBe(true);
    }
  });

  it('answers a page of another round by explaining it again', () => {
    const other = inspector.rows(round - 1, 'orders', 0);
    const want = explainRound(
      scenario,
      createReplay(scenario, run.changes).round(round - 1, run.round),
    );
    expect(other.total).toBe(want.orders.length);
  });
});
