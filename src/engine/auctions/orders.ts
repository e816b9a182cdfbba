/**
 * A round's orders as typed columns, one entry per order in input order, and the Order objects
 * made from them only when first read. The decision phase writes the columns and the uniform and
 * loyalty clearings, the settlement and the figures read them: a round of a thousand households
 * made a thousand Order objects that only the round inspector and the other mechanisms read
 * (issue 16; the fills and the households' books were already columns).
 */
import { Slab } from '../slab';
import type { Order } from '../types';

// Shared by every book: columns are only ever handed out fresh, never reused.
const slab = new Slab();
const FIELDS = 7;

export class OrderColumns {
  readonly id: Float64Array;
  /** Household index (0-based). */
  readonly agent: Float64Array;
  /** 1 for a buy, 0 for a sell. */
  readonly buy: Float64Array;
  readonly energyWh: Float64Array;
  /** Limit price in whole coins per 100 Wh. */
  readonly price: Float64Array;
  /** Loyalty at order time, fixed point (LOYALTY_SCALE = 1.0). */
  readonly loyalty: Float64Array;
  /** 1 for an order a person placed, else 0. */
  readonly person: Float64Array;
  #orders: readonly Order[] | null;

  /** `count` zeroed orders, or the columns of `orders` (kept as the objects read back). */
  constructor(
    readonly count: number,
    orders: readonly Order[] | null = null,
  ) {
    const buf = slab.take(FIELDS * count);
    this.id = buf.subarray(0, count);
    this.agent = buf.subarray(count, 2 * count);
    this.buy = buf.subarray(2 * count, 3 * count);
    this.energyWh = buf.subarray(3 * count, 4 * count);
    this.price = buf.subarray(4 * count, 5 * count);
    this.loyalty = buf.subarray(5 * count, 6 * count);
    this.person = buf.subarray(6 * count, 7 * count);
    this.#orders = orders;
  }

  /** The columns of `orders`; reading `orders` back gives the same array. */
  static of(orders: readonly Order[]): OrderColumns {
    const c = new OrderColumns(orders.length, orders);
    for (let j = 0; j < orders.length; j++) {
      const o = orders[j] as Order;
      c.id[j] = o.id;
      c.agent[j] = o.agent;
      c.buy[j] = o.side === 'buy' ? 1 : 0;
      c.energyWh[j] = o.energyWh;
      c.price[j] = o.price;
      c.loyalty[j] = o.loyalty;
      c.person[j] = o.person ? 1 : 0;
    }
    return c;
  }

  /** A fresh copy of the first `count` orders (a phase's scratch cut to the round's book). */
  head(count: number): OrderColumns {
    const c = new OrderColumns(count);
    c.id.set(this.id.subarray(0, count));
    c.agent.set(this.agent.subarray(0, count));
    c.buy.set(this.buy.subarray(0, count));
    c.energyWh.set(this.energyWh.subarray(0, count));
    c.price.set(this.price.subarray(0, count));
    c.loyalty.set(this.loyalty.subarray(0, count));
    c.person.set(this.person.subarray(0, count));
    return c;
  }

  /** The orders as objects, made when first read (the same objects on every read). */
  get orders(): readonly Order[] {
    return (this.#orders ??= this.#objects());
  }

  #objects(): Order[] {
    const out = new Array<Order>(this.count);
    for (let j = 0; j < this.count; j++) {
      const o = {
        id: this.id[j] as number,
        agent: this.agent[j] as number,
        side: this.buy[j] === 1 ? ('buy' as const) : ('sell' as const),
        energyWh: this.energyWh[j] as number,
        price: this.price[j] as number,
        loyalty: this.loyalty[j] as number,
      };
      out[j] = this.person[j] === 1 ? { ...o, person: true } : o;
    }
    return out;
  }
}
