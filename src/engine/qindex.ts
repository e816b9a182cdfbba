/**
 * The Q table's index: a discretised state-action key -> its record's place. Integer keys (the
 * packed key of qlearning.ts) live in an open-addressing hash on two typed arrays with linear
 * probing; any other key (a string, a number that is not a safe integer) in a Map beside it.
 *
 * Why not a Map alone: the packed keys exceed 2^31, so a Map holds each as a heap number and
 * hashes it as one; the Map's get and set were a fifth of a 1,000-household learning run
 * (node --cpu-prof, issue 16). Same answers as the Map: a key's value is the last one set.
 */

/** 2^32, to split a safe integer into the two words the hash mixes. */
const WORD = 4294967296;

export class KeyIndex {
  private keys = new Float64Array(64);
  /** value + 1 per slot; 0: the slot is empty. */
  private values = new Int32Array(64);
  private mask = 63;
  private used = 0;
  private other: Map<number | string, number> | null = null;

  get size(): number {
    return this.used + (this.other?.size ?? 0);
  }

  get(key: number | string): number | undefined {
    if (typeof key !== 'number' || !Number.isSafeInteger(key)) return this.other?.get(key);
    const { keys, values, mask } = this;
    for (let at = slotOf(key, mask); ; at = (at + 1) & mask) {
      const v = values[at] as number;
      if (v === 0) return undefined;
      if (keys[at] === key) return v - 1;
    }
  }

  /** Sets a key's value: a non-negative integer below 2^31 - 1 (a record's packed place). */
  set(key: number | string, value: number): void {
    if (!Number.isInteger(value) || value < 0 || value >= 0x7fffffff) {
      throw new RangeError(`KeyIndex.set: value ${value}; allowed: an integer in [0, 2^31 - 1)`);
    }
    if (typeof key !== 'number' || !Number.isSafeInteger(key)) {
      (this.other ??= new Map()).set(key, value);
      return;
    }
    const { keys, values, mask } = this;
    let at = slotOf(key, mask);
    for (; (values[at] as number) !== 0; at = (at + 1) & mask) {
      if (keys[at] === key) {
        values[at] = value + 1;
        return;
      }
    }
    keys[at] = key;
    values[at] = value + 1;
    // Kept at most half full, so a probe ends after a couple of slots.
    if (++this.used * 2 > mask + 1) this.grow();
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const size = (this.mask + 1) * 2;
    const keys = new Float64Array(size);
    const values = new Int32Array(size);
    const mask = size - 1;
    for (let j = 0; j < oldValues.length; j++) {
      const v = oldValues[j] as number;
      if (v === 0) continue;
      const k = oldKeys[j] as number;
      let at = slotOf(k, mask);
      while ((values[at] as number) !== 0) at = (at + 1) & mask;
      keys[at] = k;
      values[at] = v;
    }
    this.keys = keys;
    this.values = values;
    this.mask = mask;
  }
}

/** A safe integer's home slot: its two 32-bit words mixed (murmur3's finaliser). */
function slotOf(key: number, mask: number): number {
  const hi = Math.floor(key / WORD);
  const lo = key - hi * WORD;
  let h = (lo ^ Math.imul(hi | 0, 0x9e3779b1)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}
