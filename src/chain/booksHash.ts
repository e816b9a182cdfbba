/**
 * The books hash: one sha256 that stands for every household's books, the same whether the books
 * were read from the market or taken from the engine. A run file records it, `simulate --run`
 * prints it, and two runs with equal hashes have equal books to the base unit.
 *
 * The encoding (docs/RUNFILE.md "The books hash"): for each household in index order, ten 32-byte
 * big-endian words, exactly the fields reconciliation compares:
 *
 *   index, hasPv (0 or 1), batteryWh, loyaltyPpm, moneyBalance (int256, two's complement),
 *   coinBalance, producedWh, consumedWh, gridImportWh, gridExportWh
 *
 * concatenated (Solidity's `abi.encode` of those values, uint256 but moneyBalance), and hashed
 * with sha256; written as `0x` and 64 lower-case hex digits. Accounts are left out: books are the
 * households' values, and a household's account depends on the chain's keys, not on the run.
 */
import { concat, numberToHex, sha256, type Hex } from 'viem';

/** A household's books in the fields both the engine and the chain hold. */
export interface HashedBooks {
  readonly hasPv: boolean;
  readonly batteryWh: number | bigint;
  /** ppm (the engine's `loyalty`, the chain's `loyaltyPpm`). */
  readonly loyalty: number | bigint;
  readonly moneyBalance: number | bigint;
  readonly coinBalance: number | bigint;
  readonly producedWh: number | bigint;
  readonly consumedWh: number | bigint;
  readonly gridImportWh: number | bigint;
  readonly gridExportWh: number | bigint;
}

const word = (v: number | bigint, signed = false): Hex => {
  if (typeof v === 'number' && !Number.isSafeInteger(v)) {
    throw new RangeError(`books hash: ${v} is not an exact integer`);
  }
  return numberToHex(BigInt(v), { size: 32, signed });
};

/** sha256 of every household's books in index order (see the module comment). */
export function booksHash(books: readonly HashedBooks[]): Hex {
  const words: Hex[] = [];
  books.forEach((b, index) => {
    words.push(
      word(index),
      word(b.hasPv ? 1 : 0),
      word(b.batteryWh),
      word(b.loyalty),
      word(b.moneyBalance, true),
      word(b.coinBalance),
      word(b.producedWh),
      word(b.consumedWh),
      word(b.gridImportWh),
      word(b.gridExportWh),
    );
  });
  return sha256(words.length === 0 ? '0x' : concat(words));
}
