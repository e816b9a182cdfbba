/**
 * Every packed calldata word the contracts take: households to register and consecutive rounds
 * to settle. The bit layouts are the contracts' (see the NatSpec of
 * EnergyMarket.registerHouseholds and EnergyMarket.settle, and docs/CHAIN.md); the forge tests'
 * contracts/test/utils/Fixture.sol packs the same. Coins are never sent in a settlement: the
 * contract derives every coin movement from the trades themselves.
 *
 * Every value is checked before it is packed: an integer, exact (a safe integer), inside its
 * field. A refusal is a CodecError naming the round, the household and the field: the chain
 * cannot see bits that were cut off, so nothing wider than its field is ever sent.
 */
import type { Address } from 'viem';
import { pricePerWhFromCoinsPer100Wh } from '../engine';
import type { HouseholdState } from '../engine';
import { PRICE_PER_WH_OF_COIN_PER_100WH } from './contracts';
import { CodecError } from './errors';
import type { SettleRound } from './types';

export interface EncodedBatch {
  firstRound: bigint;
  rounds: bigint[];
  trades: bigint[];
  updateHeads: bigint[];
  updateBooks: bigint[];
  /** Household index of each update, in order. */
  updated: number[];
  roundCount: number;
  tradeCount: number;
  /** Households a trade of the batch touches (each pays one coin balance write). */
  touched: number;
}

/** The books a market keeps per household, as the engine holds them. */
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

/** The books a freshly registered household has on chain (all zero). */
export const EMPTY_BOOKS: Books = {
  batteryWh: 0,
  loyalty: 0,
  moneyBalance: 0,
  producedWh: 0,
  consumedWh: 0,
  gridImportWh: 0,
  gridExportWh: 0,
};

/** The market's hard price range, base units per Wh. */
export interface HardRange {
  readonly floor: bigint;
  readonly ceiling: bigint;
}

const U32 = 2n ** 32n;
const U40 = 2n ** 40n;
const U48 = 2n ** 48n;
const U64 = 2n ** 64n;
const I96 = 2n ** 95n;

function field(value: number, name: string, limit: bigint, where: string): bigint {
  if (!Number.isSafeInteger(value)) {
    throw new CodecError(`${where}: ${name} must be an exact integer (below 2^53), got ${value}`);
  }
  const v = BigInt(value);
  if (v < 0n || v >= limit) {
    throw new CodecError(`${where}: ${name} must be in [0, ${limit - 1n}], got ${value}`);
  }
  return v;
}

function signed96(value: number, name: string, where: string): bigint {
  if (!Number.isSafeInteger(value)) {
    throw new CodecError(
      `${where}: ${name} must be an exact integer (below 2^53 in size), got ${value}`,
    );
  }
  const v = BigInt(value);
  if (v < -I96 || v >= I96) throw new CodecError(`${where}: ${name} does not fit int96: ${value}`);
  return v < 0n ? v + 2n ** 96n : v;
}

/** registerHouseholds entries: account in bits 0..159, hasPv in bit 160. */
export function encodeRegistrations(
  households: readonly { account: Address; hasPv: boolean }[],
): bigint[] {
  return households.map((h) => BigInt(h.account) | ((h.hasPv ? 1n : 0n) << 160n));
}

/**
 * A round's word: clearing price (0..63, 0 = none), trade count (64..95), and the live price
 * range it ran under (priceMin 96..159, priceMax 160..223), base units per Wh. The range must
 * lie inside the market's hard range, or the chain would refuse the round.
 */
function roundWord(r: SettleRound, hard: HardRange): bigint {
  const where = `round ${r.round}`;
  const price =
    r.clearingPrice === null
      ? 0n
      : field(pricePerWhFromCoinsPer100Wh(r.clearingPrice), 'clearingPrice', U64, where);
  const min = field(r.params.priceMin, 'priceMin', U64, where) * PRICE_PER_WH_OF_COIN_PER_100WH;
  const max = field(r.params.priceMax, 'priceMax', U64, where) * PRICE_PER_WH_OF_COIN_PER_100WH;
  if (min > max || min < hard.floor || max > hard.ceiling || max >= U64) {
    throw new CodecError(
      `${where}: its price range [${r.params.priceMin}, ${r.params.priceMax}] coins per 100 Wh lies outside the market's fixed range [${hard.floor / PRICE_PER_WH_OF_COIN_PER_100WH}, ${hard.ceiling / PRICE_PER_WH_OF_COIN_PER_100WH}]`,
    );
  }
  return (
    price |
    (field(r.trades.length, 'trade count', U32, where) << 64n) |
    (min << 96n) |
    (max << 160n)
  );
}

function booksChanged(h: Books, b: Books): boolean {
  return (
    h.batteryWh !== b.batteryWh ||
    h.loyalty !== b.loyalty ||
    h.moneyBalance !== b.moneyBalance ||
    h.producedWh !== b.producedWh ||
    h.consumedWh !== b.consumedWh ||
    h.gridImportWh !== b.gridImportWh ||
    h.gridExportWh !== b.gridExportWh
  );
}

export interface EncodeOptions {
  readonly hard: HardRange;
  /** Households whose books are sent even if unchanged since `before` ('all': every one). */
  readonly force?: ReadonlySet<number> | 'all';
}

/**
 * Encodes `rounds` (consecutive, in order) against `before`, each household's books as the chain
 * holds them. A household is updated when any of its books differs from `before` (or it is
 * forced); its update carries the absolute books after the batch's last round.
 */
export function encodeBatch(
  rounds: readonly SettleRound[],
  before: readonly Books[],
  opts: EncodeOptions,
): EncodedBatch {
  const first = rounds[0];
  if (!first) throw new CodecError('encodeBatch: rounds must not be empty');
  const roundWords: bigint[] = [];
  const tradeWords: bigint[] = [];
  const touched = new Set<number>();
  rounds.forEach((r, k) => {
    const where = `round ${r.round}`;
    if (r.round !== first.round + k) {
      throw new CodecError(
        `encodeBatch: rounds must be consecutive; expected round ${first.round + k}, got ${r.round}`,
      );
    }
    roundWords.push(roundWord(r, opts.hard));
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
      touched.add(t.buyer);
      touched.add(t.seller);
    }
  });

  const last = rounds[rounds.length - 1] as SettleRound;
  const heads: bigint[] = [];
  const books: bigint[] = [];
  const updated: number[] = [];
  const force = opts.force;
  last.households.forEach((h, i) => {
    const where = `household ${i} after round ${last.round}`;
    if (h.index !== i) {
      throw new CodecError(`${where}: households must be in index order, got index ${h.index}`);
    }
    const forced = force === 'all' || (force?.has(i) ?? false);
    if (!forced && !booksChanged(h, before[i] ?? EMPTY_BOOKS)) return;
    heads.push(
      BigInt(i) |
        (field(h.batteryWh, 'batteryWh', U40, where) << 32n) |
        (field(h.loyalty, 'loyalty', U48, where) << 72n),
    );
    books.push(
      signed96(h.moneyBalance, 'moneyBalance', where) |
        (field(h.producedWh, 'producedWh', U40, where) << 96n) |
        (field(h.consumedWh, 'consumedWh', U40, where) << 136n) |
        (field(h.gridImportWh, 'gridImportWh', U40, where) << 176n) |
        (field(h.gridExportWh, 'gridExportWh', U40, where) << 216n),
    );
    updated.push(i);
  });

  return {
    firstRound: BigInt(first.round),
    rounds: roundWords,
    trades: tradeWords,
    updateHeads: heads,
    updateBooks: books,
    updated,
    roundCount: rounds.length,
    tradeCount: tradeWords.length,
    touched: touched.size,
  };
}
