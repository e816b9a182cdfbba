/**
 * `clear --mechanism <name> --input book.json`: clears one order book and prints the result.
 * Input: { "orders": [ { "id", "agent", "side", "energyWh", "price", "loyalty"? } ] } with price
 * in whole coins per 100 Wh and loyalty as a number (1.0 = start; default 1.0).
 */
import { readFileSync } from 'node:fs';
import {
  availableMechanisms,
  coinsPer100WhFromPricePerWh,
  createMechanism,
  createRng,
  LOYALTY_SCALE,
  parseJsonInput,
  PrototypeKeyError,
  roundHalfEven,
  validateOrders,
} from '../engine';
import type { Order } from '../engine';
import { parseFlags, UsageError, type Command } from './command';

const ORDER_FIELDS = ['id', 'agent', 'side', 'energyWh', 'price', 'loyalty'];

export function parseBook(text: string, source: string): Order[] {
  let parsed: unknown;
  try {
    parsed = parseJsonInput(text);
  } catch (e) {
    if (e instanceof PrototypeKeyError) {
      throw new UsageError('--input', source, `a book without prototype keys (${e.message})`);
    }
    throw new UsageError('--input', source, `a file of valid JSON (${(e as Error).message})`);
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !Array.isArray((parsed as { orders?: unknown }).orders)
  ) {
    throw new UsageError(
      'orders',
      (parsed as { orders?: unknown } | null)?.orders,
      'an array of orders',
    );
  }
  const rows = (parsed as { orders: unknown[] }).orders;
  const orders = rows.map((row, i): Order => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new UsageError(
        `orders[${i}]`,
        row,
        'an object with id, agent, side, energyWh, price, loyalty?',
      );
    }
    const r = row as Record<string, unknown>;
    for (const k of Object.keys(r)) {
      if (!ORDER_FIELDS.includes(k))
        throw new UsageError(`orders[${i}].${k}`, r[k], `one of ${ORDER_FIELDS.join(', ')}`);
    }
    const loyalty = r.loyalty === undefined ? 1 : r.loyalty;
    if (typeof loyalty !== 'number' || !Number.isFinite(loyalty) || loyalty <= 0 || loyalty > 1e6) {
      throw new UsageError(
        `orders[${i}].loyalty`,
        r.loyalty,
        'a number in (0, 1000000] (1.0 = start)',
      );
    }
    return {
      id: r.id as number,
      agent: r.agent as number,
      side: r.side as Order['side'],
      energyWh: r.energyWh as number,
      price: r.price as number,
      loyalty: Math.max(1, roundHalfEven(loyalty * LOYALTY_SCALE)),
    };
  });
  try {
    validateOrders(orders);
  } catch (e) {
    const err = e as { field?: string; value?: unknown; allowed?: string; message: string };
    if (err.field !== undefined) throw new UsageError(err.field, err.value, err.allowed ?? '');
    throw e;
  }
  return orders;
}

export interface ClearOutput {
  mechanism: string;
  clearingPrice: number | null;
  trades: {
    buyOrder: number;
    sellOrder: number;
    buyer: number;
    seller: number;
    energyWh: number;
    /** Coins per 100 Wh the seller receives (and the buyer pays, unless buyerPrice says otherwise). */
    price: number;
    pricePerWh: number;
    /** Only where the buyer pays more than the seller gets (McAfee's reduced rounds). */
    buyerPrice?: number;
  }[];
  orders: { id: number; approvedWh: number; returnedWh: number; rejectedWh: number }[];
  auctioneerSurplus: number;
}

export function clearBook(mechanism: string, orders: readonly Order[], seed = 1): ClearOutput {
  const mech = createMechanism(mechanism);
  const r = mech.clear(orders, { rng: createRng(seed).fork('mechanism'), round: 0 });
  return {
    mechanism: r.mechanism,
    clearingPrice: r.clearingPrice,
    trades: r.trades.map((t) => ({
      buyOrder: t.buyOrder,
      sellOrder: t.sellOrder,
      buyer: t.buyer,
      seller: t.seller,
      energyWh: t.energyWh,
      price: coinsPer100WhFromPricePerWh(t.pricePerWh),
      pricePerWh: t.pricePerWh,
      ...(t.buyerPricePerWh !== undefined && t.buyerPricePerWh !== t.pricePerWh
        ? { buyerPrice: coinsPer100WhFromPricePerWh(t.buyerPricePerWh) }
        : {}),
    })),
    orders: r.fills.map((f) => ({
      id: f.id,
      approvedWh: f.approvedWh,
      returnedWh: f.returnedWh,
      rejectedWh: f.rejectedWh,
    })),
    auctioneerSurplus: r.auctioneerSurplus,
  };
}

const CLEAR_FLAGS = {
  mechanism: { value: availableMechanisms().join('|'), help: 'clearing mechanism (required)' },
  input: { value: 'book.json', help: 'the order book (required)' },
} as const;

/** The result of clearing the book `--input` names with `--mechanism`, as printed JSON. */
function clearText(flags: ReadonlyMap<string, string>): string {
  const name = flags.get('mechanism');
  const allowed = availableMechanisms();
  if (name === undefined || !(allowed as string[]).includes(name)) {
    throw new UsageError('--mechanism', name, allowed.join(' | '));
  }
  const input = flags.get('input');
  if (input === undefined) throw new UsageError('--input', input, 'a JSON order book file');
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch (e) {
    throw new UsageError('--input', input, `a readable file (${(e as Error).message})`);
  }
  return `${JSON.stringify(clearBook(name, parseBook(text, input)), null, 2)}\n`;
}

export function runClearCommand(argv: readonly string[]): string {
  return clearText(parseFlags(argv, CLEAR_FLAGS).values);
}

export const clearCommand: Command = {
  name: 'clear',
  summary: "clear one order book with one mechanism and print the trades and every order's fill",
  usage: 'clear --mechanism <name> --input book.json',
  flags: CLEAR_FLAGS,
  notes: [
    'book.json: { "orders": [ { "id", "agent", "side": "buy"|"sell", "energyWh", "price",',
    '"loyalty"? } ] }, energyWh a positive multiple of 100, price in whole coins per 100 Wh,',
    'loyalty a number (1.0 = start, the default).',
  ].join('\n'),
  run: (flags) => {
    process.stdout.write(clearText(flags));
    return Promise.resolve(0);
  },
};
