/**
 * Reads every household's books from chain and compares them with the engine's, field by field.
 */
import type { Address } from 'viem';
import type { HouseholdState } from '../engine';
import type { ChainClients } from './chain';
import { energyMarketAbi } from './contracts';
import type { Mismatch } from './types';

/** A household's books as the chain holds them. */
export interface ChainBooks {
  account: Address;
  hasPv: boolean;
  batteryWh: bigint;
  loyalty: bigint;
  moneyBalance: bigint;
  coinBalance: bigint;
  producedWh: bigint;
  consumedWh: bigint;
  gridImportWh: bigint;
  gridExportWh: bigint;
}

/** Households per `households(start, count)` call: each costs an eth_call's gas on the node. */
const READ_CHUNK = 200;

/** All households' books and coin balances, READ_CHUNK per eth_call (optionally at one block). */
export async function readBooks(
  c: Pick<ChainClients, 'publicClient'>,
  market: Address,
  blockNumber?: bigint,
): Promise<ChainBooks[]> {
  const at = blockNumber === undefined ? {} : { blockNumber };
  const count = await c.publicClient.readContract({
    address: market,
    abi: energyMarketAbi,
    functionName: 'householdCount',
    ...at,
  });
  const out: ChainBooks[] = [];
  for (let start = 0n; start < count; start += BigInt(READ_CHUNK)) {
    const n = count - start < BigInt(READ_CHUNK) ? count - start : BigInt(READ_CHUNK);
    const [list, coins] = await c.publicClient.readContract({
      address: market,
      abi: energyMarketAbi,
      functionName: 'households',
      args: [start, n],
      ...at,
    });
    list.forEach((h, i) =>
      out.push({
        account: h.account,
        hasPv: h.hasPv,
        batteryWh: BigInt(h.batteryWh),
        loyalty: BigInt(h.loyaltyPpm),
        moneyBalance: BigInt(h.moneyBalance),
        coinBalance: coins[i] ?? 0n,
        producedWh: BigInt(h.producedWh),
        consumedWh: BigInt(h.consumedWh),
        gridImportWh: BigInt(h.gridImportWh),
        gridExportWh: BigInt(h.gridExportWh),
      }),
    );
  }
  return out;
}

const NUMERIC_FIELDS = [
  'batteryWh',
  'coinBalance',
  'moneyBalance',
  'loyalty',
  'producedWh',
  'consumedWh',
  'gridImportWh',
  'gridExportWh',
] as const;

/** Every difference between the engine's `expected` states and the chain's `actual` books. */
export function compareBooks(
  expected: readonly HouseholdState[],
  actual: readonly ChainBooks[],
): Mismatch[] {
  const out: Mismatch[] = [];
  if (expected.length !== actual.length) {
    out.push({
      household: -1,
      field: 'householdCount',
      expected: String(expected.length),
      actual: String(actual.length),
    });
  }
  expected.forEach((e, i) => {
    const a = actual[i];
    if (!a) return;
    if (e.hasPv !== a.hasPv) {
      out.push({
        household: i,
        field: 'hasPv',
        expected: String(e.hasPv),
        actual: String(a.hasPv),
      });
    }
    for (const f of NUMERIC_FIELDS) {
      const ev = e[f];
      if (!Number.isSafeInteger(ev) || BigInt(ev) !== a[f]) {
        out.push({ household: i, field: f, expected: String(ev), actual: a[f].toString() });
      }
    }
  });
  return out;
}

/** "household 3 coinBalance: engine 12 != chain 10" */
export function describeMismatch(m: Mismatch): string {
  const who = m.household < 0 ? 'market' : `household ${m.household}`;
  return `${who} ${m.field}: engine ${m.expected} != chain ${m.actual}`;
}
