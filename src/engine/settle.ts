/**
 * Settlement phase (docs/MODEL.md "One simulated hour", step 7): the mechanism's trades move
 * coins buyer -> seller and energy seller -> buyer; a buy's unfilled Wh come from the grid into
 * the battery (money out), a sell's unsold Wh stay in the battery. Then every order's outcome
 * updates its household's loyalty and, when learning, its Q table.
 *
 * Loyalty and learning see one outcome per order: traded if any unit traded, else returned if
 * any unit was returned, else rejected. Traded multiplies loyalty by `tradedFactor` once, or once
 * per trade record (`loyalty.tradedPer`: one record per distinct counterpart and price, the
 * thesis code's summed transactions); returned by `returnedFactor`; rejected by the factor of
 * its side. An order whose other side of the book was empty is returned without penalty (its
 * loyalty stays). `loyalty.combine` every-status (the thesis code) applies every status an order
 * has instead, traded records first, then returned, then rejected. The code's simple branch
 * (`thesis-simple`) updates no loyalty at all.
 *
 * With `thesisCode.faults` on, an unsold sell is exported whole when the previous round's battery
 * plus the offer exceed the capacity: the code counts the offer, still in the battery, twice
 * (docs/THESIS-VARIANT.md, row 33).
 *
 * Learning (rows 40, 41): ours updates Q once per order at its own price, times the loyalty the
 * order was made with (our loyalty auction only). `learning.loyaltyAt` after-update takes the
 * loyalty after this outcome's update instead, in the code's loyal branch as in our loyalty
 * auction. `learning.rewardPer` record follows the code's walk: every trade record at the
 * record's price, then returned buys, returned sells, cut sells, cut buys at the order's price;
 * the order matters when the table is shared. The simple branch multiplies by nothing, and with
 * faults on keys its traded records by their energy and doubles the seller's Q (`2Q + 0.1`).
 */
import type { ClearingResult } from './auctions';
import { columnsOf } from './auctions/book';
import { OrderColumns } from './auctions/orders';
import { recordCounts, tradeRecords } from './auctions/thesisCode';
import { exportToGrid, importFromGrid, type Households } from './households';
import type { Learners, QState, QTable } from './qlearning';
import type { Scenario } from './scenario';
import type { Order, RoundTotals, Side } from './types';
import {
  BASE_PER_COIN,
  coinsPer100WhFromPricePerWh,
  DIV_WH,
  LOYALTY_SCALE,
  roundHalfEven,
} from './units';

/** Settles a cleared round; returns its total surplus (base units). */
export type SettlementPhase = (
  /** The round's book, as columns (the simulation's) or as objects. */
  book: OrderColumns | readonly Order[],
  cleared: ClearingResult,
  retailPerWh: number,
  totals: RoundTotals,
  feedInPerWh?: number,
) => number;

export function createSettlementPhase(
  s: Scenario,
  h: Households,
  learners: Learners | null,
  /** The loyalty auction scales Q updates by the household's loyalty; others by 1. */
  loyaltyAuction: boolean,
): SettlementPhase {
  const { batteryWh, coins, loyalty } = h;
  const ly = s.loyalty;
  const learn = s.learning;
  const perRecord = ly.tradedPer === 'record';
  const everyStatus = ly.combine === 'every-status';
  const faults = s.thesisCode.faults;
  const exportUnsold = faults;
  const perRecordQ = learn.rewardPer === 'record';
  const afterUpdate = learn.loyaltyAt === 'after-update';
  const stale = h.staleBatteryWh;
  const cap = h.capacityWh;
  const loyaltyFloor = roundHalfEven(ly.floor * LOYALTY_SCALE);
  const loyaltyMax = roundHalfEven(ly.max * LOYALTY_SCALE);

  const updateLoyalty = (i: number, factor: number): void => {
    if (factor === 1) return;
    const next = roundHalfEven((loyalty[i] as number) * factor);
    loyalty[i] = Math.min(loyaltyMax, Math.max(loyaltyFloor, next));
  };

  return (book, cleared, retailPerWh, totals, feedInPerWh = 0) => {
    const c = book instanceof OrderColumns ? book : OrderColumns.of(book);
    const n = c.count;
    const { agent, buy, energyWh, price, person } = c;
    const branch = cleared.code?.branch;
    const updatesLoyalty = branch !== 'simple';
    // Q is scaled by loyalty in our loyalty auction, and in the code's loyal branch when its rule
    // (after-update) is chosen; ours leaves a plain thesis-loyal run scaled by 1 as before.
    const scaled = loyaltyAuction || (afterUpdate && branch === 'loyal');
    // The loyalty after each stage of an order's update (traded, returned, cut), ppm.
    const staged = learners && perRecordQ ? new Float64Array(n * 3) : null;
    const learns = (j: number, unopposed: boolean): boolean =>
      learners !== null && person[j] === 0 && (learn.rewardUnopposed || !unopposed);
    const qUpdate = (j: number, at: number, loyaltyPpm: number, m: number, r: number): void => {
      const multiplier = scaled ? loyaltyPpm / LOYALTY_SCALE : m;
      const i = agent[j] as number;
      (learners?.tables[i] as QTable).update(
        buy[j] === 1 ? 'buy' : 'sell',
        learners?.states[i] as QState,
        at,
        multiplier,
        r,
      );
    };
    let exported = 0;
    let traded = 0;
    let totalSurplus = 0;
    for (const tr of cleared.trades) {
      coins[tr.buyer] =
        (coins[tr.buyer] as number) - tr.energyWh * (tr.buyerPricePerWh ?? tr.pricePerWh);
      coins[tr.seller] = (coins[tr.seller] as number) + tr.energyWh * tr.pricePerWh;
      batteryWh[tr.buyer] = (batteryWh[tr.buyer] as number) + tr.energyWh;
      batteryWh[tr.seller] = (batteryWh[tr.seller] as number) - tr.energyWh;
      traded += tr.energyWh;
      // Ids are input positions in every book the engine makes.
      const spread = (price[tr.buyOrder] as number) - (price[tr.sellOrder] as number);
      totalSurplus += (tr.energyWh * spread * BASE_PER_COIN) / DIV_WH;
    }
    let hasBuy = false;
    let hasSell = false;
    for (let j = 0; j < n; j++) {
      if (buy[j] === 1) hasBuy = true;
      else hasSell = true;
    }
    let imported = 0;
    const records = perRecord
      ? (cleared.code?.records ?? recordCounts(c.orders, cleared.trades))
      : null;
    // Columns where the mechanism made them, so its fill objects need not be made.
    const cols = cleared.fillColumns ?? columnsOf(cleared.fills);
    const { approvedWh, returnedWh, rejectedWh } = cols;
    for (let j = 0; j < n; j++) {
      const isBuy = buy[j] === 1;
      const fillApproved = approvedWh[j] as number;
      const fillReturned = returnedWh[j] as number;
      const fillRejected = rejectedWh[j] as number;
      const i = agent[j] as number;
      if (isBuy) {
        const unfilled = (energyWh[j] as number) - fillApproved;
        if (unfilled > 0) {
          batteryWh[i] = (batteryWh[i] as number) + unfilled;
          importFromGrid(h, i, unfilled, retailPerWh);
          imported += unfilled;
        }
      } else if (exportUnsold) {
        const unsold = (energyWh[j] as number) - fillApproved;
        if (unsold > 0 && (stale[i] as number) + unsold > cap) {
          batteryWh[i] = (batteryWh[i] as number) - unsold;
          exportToGrid(h, i, unsold, feedInPerWh);
          exported += unsold;
        }
      }
      const unopposed = isBuy ? !hasSell : !hasBuy;
      let factor: number;
      let times = 1;
      let reward: number;
      if (fillApproved > 0) {
        factor = ly.tradedFactor;
        if (records) times = records[j] as number;
        reward = learn.rewardTraded;
      } else if (fillReturned > 0) {
        factor = unopposed ? 1 : ly.returnedFactor;
        reward = learn.rewardReturned;
      } else {
        factor = isBuy ? ly.rejectedBuyFactor : ly.rejectedSellFactor;
        reward = learn.rewardRejected;
      }
      const before = loyalty[i] as number;
      let afterTraded = before;
      let afterReturned = before;
      if (updatesLoyalty && everyStatus) {
        if (fillApproved > 0) for (let k = 0; k < times; k++) updateLoyalty(i, ly.tradedFactor);
        afterTraded = loyalty[i] as number;
        if (fillReturned > 0 && !unopposed) updateLoyalty(i, ly.returnedFactor);
        afterReturned = loyalty[i] as number;
        if (fillRejected > 0) {
          updateLoyalty(i, isBuy ? ly.rejectedBuyFactor : ly.rejectedSellFactor);
        }
      } else if (updatesLoyalty) {
        for (let k = 0; k < times; k++) updateLoyalty(i, factor);
        afterTraded = afterReturned = loyalty[i] as number;
      }
      if (staged) {
        staged[j * 3] = afterTraded;
        staged[j * 3 + 1] = afterReturned;
        staged[j * 3 + 2] = loyalty[i] as number;
      } else if (learns(j, unopposed)) {
        // A person's order is not the agent's: its Q table learns only from its own prices.
        // The code learns nothing in an hour with one side of the book empty (row 37). Ours
        // multiplies by the loyalty the order was made with, the code's by the one after.
        qUpdate(j, price[j] as number, afterUpdate ? (loyalty[i] as number) : before, 1, reward);
      }
    }
    if (staged) {
      // The code's walk (row 40): every record updates its buyer, then its seller, keyed by the
      // record's whole price; the simple branch's fault keys by the record's energy and adds the
      // seller's Q to itself (row 41).
      const simpleFault = faults && branch === 'simple';
      for (const rec of tradeRecords(c.orders, cleared.trades)) {
        const at = simpleFault
          ? rec.energyWh
          : Math.round(coinsPer100WhFromPricePerWh(rec.pricePerWh));
        for (const j of [rec.buy, rec.sell]) {
          if (!learns(j, false)) continue;
          const m = simpleFault && buy[j] === 0 ? 2 : 1;
          qUpdate(j, at, staged[j * 3] as number, m, learn.rewardTraded);
        }
      }
      const pass = (side: Side, returned: boolean): void => {
        const want = side === 'buy' ? 1 : 0;
        for (let j = 0; j < n; j++) {
          if (buy[j] !== want || ((returned ? returnedWh : rejectedWh)[j] as number) <= 0) continue;
          const unopposed = want === 1 ? !hasSell : !hasBuy;
          if (!learns(j, unopposed)) continue;
          const r = returned ? learn.rewardReturned : learn.rewardRejected;
          qUpdate(j, price[j] as number, staged[j * 3 + (returned ? 1 : 2)] as number, 1, r);
        }
      };
      pass('buy', true);
      pass('sell', true);
      pass('sell', false);
      pass('buy', false);
    }
    totals.tradedWh += traded;
    totals.gridImportWh += imported;
    totals.gridExportWh += exported;
    return totalSurplus;
  };
}
