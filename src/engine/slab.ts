/**
 * Float64Array columns carved one after another out of shared buffers. A round keeps its
 * households' books and its fills as columns (households.ts, auctions/book.ts); a typed array
 * of more than a few numbers gets a buffer of its own outside the heap, which costs more than
 * the copy when a round has only 30 households. Carving from a buffer of at least 64 Ki numbers
 * makes one such buffer every many rounds. A buffer lives while any column cut from it does.
 */
const MIN_NUMBERS = 65536;

export class Slab {
  private buf = new Float64Array(0);
  private used = 0;

  /** A fresh zeroed column of `length` numbers. */
  take(length: number): Float64Array {
    if (this.used + length > this.buf.length) {
      this.buf = new Float64Array(Math.max(MIN_NUMBERS, length));
      this.used = 0;
    }
    const out = this.buf.subarray(this.used, this.used + length);
    this.used += length;
    return out;
  }
}

/**
 * The named getters of a class's prototype as enumerable property descriptors: defined on each
 * instance, they make the lazily made parts of a result own properties that a spread copies,
 * while every instance shares one accessor and so one shape (simulation.ts, auctions/book.ts).
 */
export function ownGetters(proto: object, names: readonly string[]): PropertyDescriptorMap {
  const out: PropertyDescriptorMap = {};
  for (const name of names) {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    if (!d?.get) throw new Error(`ownGetters: ${name} is not a getter of the prototype`);
    out[name] = { get: d.get, enumerable: true, configurable: false };
  }
  return out;
}
