/**
 * The thesis's simplified Q-learning (section 4.5). Each state-action record
 *   ((hour, battery %, avgCons), (buy|sell, price))
 * carries a Q value updated from the auction outcome alone: Q = Q * m + r with r = +0.1 traded,
 * +0.05 returned, -1 rejected, and m the household's loyalty in the loyalty auction (else 1).
 * Every 24 simulated hours every Q is multiplied by the decay factor.
 *
 * Pricing from the table: among records of the same side with Q > 0, take the price of the one
 * nearest to the current state by the weighted Euclidean distance of eq. 4.16-4.17 over
 * normalised features (hour: circular distance / 12; battery: percent / 100; avgCons: Wh /
 * avgConsScaleWh; action: 0 because only the same side is searched).
 *
 * The state's cells are `learning.batteryResolutionPct` (1 %) and `consResolutionWh` (100 Wh);
 * the thesis code keeps the battery ratio to three decimals (0.1 %) and the consumption in whole
 * Wh (docs/THESIS-VARIANT.md, row 43). `lookupCode` is the code's own look-up (row 47): every
 * record of both sides on raw values, the sample's side given by the caller.
 *
 * Speed: records are grouped by side and hour of day, and the search visits hour groups in order
 * of hour distance, stopping once the hour term alone exceeds the best distance found. The decay
 * is a single shared scale factor (Q = stored * scale), so it costs O(1) per day. Our cells pack
 * into one integer key; finer cells (whose count has no small bound) use a string key.
 */
import { KeyIndex } from './qindex';
import type { Scenario } from './scenario';
import type { Side } from './types';

export interface QState {
  hour: number;
  batteryPct: number;
  avgConsWh: number;
}

interface Group {
  battery: number[];
  avgCons: number[];
  price: number[];
  q: number[];
}

function newGroup(): Group {
  return { battery: [], avgCons: [], price: [], q: [] };
}

export class QTable {
  /** groups[side * 24 + hour] */
  private readonly groups: Group[] = Array.from({ length: 48 }, newGroup);
  /** Key of a discretised state-action -> (group, index), on typed arrays (qindex.ts). */
  private readonly index = new KeyIndex();
  private scale = 1;
  private count = 0;
  private readonly wHour: number;
  private readonly wBattery: number;
  private readonly wAvgCons: number;
  private readonly wAction: number;
  private readonly consScale: number;
  private readonly clamp: number;
  /** The state's cells: battery in %, consumption in Wh. */
  private readonly batteryCell: number;
  private readonly consCell: number;
  /** Our cells (1 %, 100 Wh): the packed integer key. */
  private readonly packed: boolean;

  constructor(l: Scenario['learning']) {
    this.wHour = l.weightHour;
    this.wBattery = l.weightBattery;
    this.wAvgCons = l.weightAvgCons;
    this.wAction = l.weightAction;
    this.consScale = l.avgConsScaleWh;
    this.clamp = l.qClamp;
    this.batteryCell = l.batteryResolutionPct;
    this.consCell = l.consResolutionWh;
    this.packed = l.batteryResolutionPct === 1 && l.consResolutionWh === 100;
  }

  /** The state's battery cell and consumption cell (whole numbers of cells). */
  private cells(st: QState): [number, number] {
    return [Math.round(st.batteryPct / this.batteryCell), Math.round(st.avgConsWh / this.consCell)];
  }

  private key(side: Side, st: QState, price: number): number | string {
    const [b, a] = this.cells(st);
    if (this.packed) return packedKey(side, st.hour, b, a, price);
    return `${side === 'sell' ? 1 : 0}|${price}|${st.hour}|${b}|${a}`;
  }

  get size(): number {
    return this.count;
  }

  /** The true Q of a record (for tests and inspection). */
  q(side: Side, st: QState, price: number): number | undefined {
    const at = this.index.get(this.key(side, st, price));
    if (at === undefined) return undefined;
    return ((this.groups[at >>> 20] as Group).q[at & 0xfffff] as number) * this.scale;
  }

  /**
   * Records an outcome: Q = Q * multiplier + reward for the discretised (state, action); a new
   * record starts at Q = 0.
   */
  update(side: Side, st: QState, price: number, multiplier: number, reward: number): void {
    const k = this.key(side, st, price);
    let at = this.index.get(k);
    if (at === undefined) {
      const g = (side === 'sell' ? 24 : 0) + st.hour;
      const group = this.groups[g] as Group;
      at = (g << 20) | group.q.length;
      const [b, a] = this.cells(st);
      group.battery.push(b * this.batteryCell);
      group.avgCons.push(a * this.consCell);
      group.price.push(price);
      group.q.push(0);
      this.index.set(k, at);
      this.count++;
    }
    const group = this.groups[at >>> 20] as Group;
    const i = at & 0xfffff;
    const trueQ = (group.q[i] as number) * this.scale * multiplier + reward;
    const clamped = Math.max(-this.clamp, Math.min(this.clamp, trueQ));
    group.q[i] = clamped / this.scale;
  }

  decay(factor: number): void {
    this.scale *= factor;
    // Keep stored values representable if a run is very long.
    if (this.scale < 1e-200) {
      for (const g of this.groups)
        for (let i = 0; i < g.q.length; i++) g.q[i] = (g.q[i] as number) * this.scale;
      this.scale = 1;
    }
  }

  /** The price of the nearest record with Q > 0 and the same side, or null if there is none. */
  lookup(side: Side, st: QState): number | null {
    const base = side === 'sell' ? 24 : 0;
    let best = Infinity;
    let bestPrice: number | null = null;
    const b0 = st.batteryPct;
    const a0 = st.avgConsWh;
    const wb = this.wBattery / 10000;
    const wa = this.wAvgCons / (this.consScale * this.consScale);
    for (let dh = 0; dh <= 12; dh++) {
      const hourTerm = (this.wHour * dh * dh) / 144;
      if (hourTerm >= best) break;
      for (let dir = 0; dir < (dh === 0 || dh === 12 ? 1 : 2); dir++) {
        const h = (st.hour + (dir === 0 ? dh : 24 - dh)) % 24;
        const g = this.groups[base + h] as Group;
        const n = g.q.length;
        const { battery, avgCons, q, price } = g;
        for (let i = 0; i < n; i++) {
          if ((q[i] as number) <= 0) continue;
          const db = (battery[i] as number) - b0;
          const da = (avgCons[i] as number) - a0;
          const d = hourTerm + wb * db * db + wa * da * da;
          if (d < best) {
            best = d;
            bestPrice = price[i] as number;
          }
        }
      }
    }
    return bestPrice;
  }

  /**
   * The thesis code's look-up (`priceFormationSell` / `priceFormationBuy`, row 47): every record
   * of both sides as (hour, battery ratio, consumption Wh, side 0 buy / 1 sell) on raw values,
   * weighted 0.5 / 0.5 / 0.4 / 1.0 by default, against the sample (its hour, battery ratio and
   * consumption, and `sampleSide`). The nearest record whose state and side hold a Q > 0 gives
   * the price; among that state's prices, the highest Q (the code takes the last in its
   * dictionary's order, which cannot be reproduced). Raw hours are not circular: 23 is far from
   * 0. Null when no record has Q > 0 (the code then fails; the caller draws a price instead).
   */
  lookupCode(sampleSide: Side, st: QState): number | null {
    const [b, a] = this.cells(st);
    // The sample is rounded to the table's cells too, as the code's sample is to 3 decimals.
    const ratio0 = (b * this.batteryCell) / 100;
    const a0 = a * this.consCell;
    const s0 = sampleSide === 'sell' ? 1 : 0;
    const { wHour, wBattery, wAvgCons, wAction } = this;
    let best = Infinity;
    let bestQ = -Infinity;
    let bestGroup = -1;
    let bestBattery = NaN;
    let bestCons = NaN;
    let bestPrice: number | null = null;
    for (let dh = 0; dh < 24; dh++) {
      const hourTerm = wHour * dh * dh;
      if (hourTerm > best) break;
      for (const hour of dh === 0 ? [st.hour] : [st.hour - dh, st.hour + dh]) {
        if (hour < 0 || hour > 23) continue;
        for (let side = 0; side < 2; side++) {
          const g = side * 24 + hour;
          const group = this.groups[g] as Group;
          const sideTerm = wAction * (side - s0) * (side - s0);
          const { battery, avgCons, q, price } = group;
          for (let i = 0; i < q.length; i++) {
            const qi = q[i] as number;
            if (qi <= 0) continue;
            const db = (battery[i] as number) / 100 - ratio0;
            const da = (avgCons[i] as number) - a0;
            const d = hourTerm + wBattery * db * db + wAvgCons * da * da + sideTerm;
            const sameState =
              g === bestGroup && battery[i] === bestBattery && avgCons[i] === bestCons;
            if (d < best || (d === best && sameState && qi > bestQ)) {
              best = d;
              bestQ = qi;
              bestGroup = g;
              bestBattery = battery[i] as number;
              bestCons = avgCons[i] as number;
              bestPrice = price[i] as number;
            }
          }
        }
      }
    }
    return bestPrice;
  }
}

/** Our cells' key: hour, battery % (integer), avgCons (100 Wh), side, price. */
function packedKey(side: Side, hour: number, b: number, a: number, price: number): number {
  return (((price * 2 + (side === 'sell' ? 1 : 0)) * 24 + hour) * 101 + b) * 100_000 + a;
}

/** Every household's Q table and the state it last priced in (learning runs only). */
export interface Learners {
  readonly tables: readonly QTable[];
  /** Household i's state at its last decision; the outcome of that order updates it. */
  readonly states: readonly QState[];
}

/**
 * One table per household when the scenario learns, else null; with `learning.sharedTable` (the
 * thesis code's one `Qtable` of the service provider) every household holds the same table.
 */
export function createLearners(s: Scenario): Learners | null {
  if (!s.learning.enabled) return null;
  const tables: QTable[] = [];
  const states: QState[] = [];
  const shared = s.learning.sharedTable ? new QTable(s.learning) : null;
  for (let i = 0; i < s.households; i++) {
    tables.push(shared ?? new QTable(s.learning));
    states.push({ hour: 0, batteryPct: 0, avgConsWh: 0 });
  }
  return { tables, states };
}

/** The daily decay of every table (at the end of each simulated day), a shared one once. */
export function decayLearners(l: Learners, factor: number): void {
  const first = l.tables[0];
  if (first !== undefined && l.tables.length > 1 && l.tables[1] === first) {
    first.decay(factor);
    return;
  }
  for (const q of l.tables) q.decay(factor);
}
