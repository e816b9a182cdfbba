/**
 * Every packed calldata word the contracts take: households to register, coins to mint, and
 * consecutive rounds to settle. The bit layouts are the contracts' (see the NatSpec of
 * EnergyMarket.registerHouseholds, EnergyCoin.mintBatch and EnergyMarket.settle);
 * contracts/test/utils/Fixture.sol packs the same. Coins are never sent in a settlement: the
 * contract derives every coin movement from the trades themselves.
 */
import type { Address } from 'viem';
import { pricePerWhFromCoinsPer100Wh } from '../engine';
import type { HouseholdState } from '../engine';
import type { SettleRound } from './types';

export interface EncodedBatch {
  firstRound: bigint;
  rounds: bigint[];
  trades: bigint[];
  updateHeads: bigint[];
  updateDeltas: bigint[];
  roundCount: number;
  tradeCount: number;
}

/** The books a freshly registered household has on chain (all zero). */
export type Books = Pick<
  HouseholdState,
  | 'batteryWh'
  | 'loyalty'
  | 'moneyBalance'
  | 'producedWh'
  | 'consumedWh'
  | 'gridImportWh'
  | 'gridExportWh'
>;

export const EMPTY_BOOKS: Books = {
  batteryWh: 0,
  loyalty: 0,
  moneyBalance: 0,
  producedWh: 0,
  consumedWh: 0,
  gridImportWh: 0,
  gridExportWh: 0,
};

const U32 = 2n ** 32n;
const U96 = 2n ** 96n;
const U40 = 2n ** 40n;
const U48 = 2n ** 48n;
const U64 = 2n ** 64n;
const I96 = 2n ** 95n;

function field(value: number, name: string, limit: bigint, where: string): bigint {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${where}: ${name} must be an integer, got ${value}`);
  }
  const v = BigInt(value);
  if (v < 0n || v >= limit) {
    throw new RangeError(`${where}: ${name} must be in [0, ${limit - 1n}], got ${value}`);
  }
  return v;
}

function signed96(value: number, name: string, where: string): bigint {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${where}: ${name} must be an integer, got ${value}`);
  }
  const v = BigInt(value);
  if (v < -I96 || v >= I96) throw new RangeError(`${where}: ${name} does not fit int96: ${value}`);
  return v < 0n ? v + 2n ** 96n : v;
}

/** registerHouseholds entries: account in bits 0..159, hasPv in bit 160. */
export function encodeRegistrations(
  households: readonly { account: Address; hasPv: boolean }[],
): bigint[] {
  return households.map((h) => BigInt(h.account) | ((h.hasPv ? 1n : 0n) << 160n));
}

/** mintBatch entries: account in bits 0..159, amount in base units in bits 160..255. */
export function encodeMints(accounts: readonly Address[], amountBase: bigint): bigint[] {
  if (amountBase < 0n || amountBase >= U96) {
    throw new RangeError(`encodeMints: amount must be in [0, ${U96 - 1n}], got ${amountBase}`);
  }
  return accounts.map((a) => BigInt(a) | (amountBase << 160n));
}

/**
 * Encodes `rounds` (consecutive, in order) against `before`, each household's books after the
 * round preceding the batch. A household is updated when any of its books changed.
 */
export function encodeBatch(
  rounds: readonly SettleRound[],
  before: readonly Books[],
): EncodedBatch {
  const first = rounds[0];
  if (!first) throw new RangeError('encodeBatch: rounds must not be empty');
  const roundWords: bigint[] = [];
  const tradeWords: bigint[] = [];
  rounds.forEach((r, k) => {
    const where = `round ${r.round}`;
    if (r.round !== first.round + k) {
      throw new RangeError(
        `encodeBatch: rounds must be consecutive; expected round ${first.round + k}, got ${r.round}`,
      );
    }
    const price =
      r.clearingPrice === null
        ? 0n
        : field(pricePerWhFromCoinsPer100Wh(r.clearingPrice), 'clearingPrice', U64, where);
    roundWords.push(price | (field(r.trades.length, 'trade count', U32, where) << 64n));
    for (const t of r.trades) {
      const seller = field(t.pricePerWh, 'trade.pricePerWh', U64, where);
      const buyerPrice = t.buyerPricePerWh ?? t.pricePerWh;
      const buyer = field(buyerPrice, 'trade.buyerPricePerWh', U64, where);
      tradeWords.push(
        field(t.buyer, 'trade.buyer', U32, where) |
          (field(t.seller, 'trade.seller', U32, where) << 32n) |
          (field(t.energyWh, 'trade.energyWh', U64, where) << 64n) |
          (seller << 128n) |
          (buyer === seller ? 0n : buyer << 192n),
      );
    }
  });

  const last = rounds[rounds.length - 1] as SettleRound;
  const heads: bigint[] = [];
  const deltas: bigint[] = [];
  last.households.forEach((h, i) => {
    const where = `household ${i} after round ${last.round}`;
    if (h.index !== i)
      throw new RangeError(`${where}: households must be in index order, got index ${h.index}`);
    const b = before[i] ?? EMPTY_BOOKS;
    const d = {
      money: h.moneyBalance - b.moneyBalance,
      produced: h.producedWh - b.producedWh,
      consumed: h.consumedWh - b.consumedWh,
      imported: h.gridImportWh - b.gridImportWh,
      exported: h.gridExportWh - b.gridExportWh,
    };
    const changed =
      h.batteryWh !== b.batteryWh ||
      h.loyalty !== b.loyalty ||
      d.money !== 0 ||
      d.produced !== 0 ||
      d.consumed !== 0 ||
      d.imported !== 0 ||
      d.exported !== 0;
    if (!changed) return;
    heads.push(
      BigInt(i) |
        (field(h.batteryWh, 'batteryWh', U40, where) << 32n) |
        (field(h.loyalty, 'loyalty', U48, where) << 72n),
    );
    deltas.push(
      signed96(d.money, 'moneyBalance change', where) |
        (field(d.produced, 'producedWh change', U40, where) << 96n) |
        (field(d.consumed, 'consumedWh change', U40, where) << 136n) |
        (field(d.imported, 'gridImportWh change', U40, where) << 176n) |
        (field(d.exported, 'gridExportWh change', U40, where) << 216n),
    );
  });

  return {
    firstRound: BigInt(first.round),
    rounds: roundWords,
    trades: tradeWords,
    updateHeads: heads,
    updateDeltas: deltas,
    roundCount: rounds.length,
    tradeCount: tradeWords.length,
  };
}
