/**
 * Seeded random streams. The engine never draws from the platform's generator or reads the
 * clock: every draw comes from one of these, so a seed and a scenario fix the whole run, in Node
 * and in the browser alike.
 *
 * Generator: sfc32 (small, fast, passes PractRand to 2^42+), seeded through splitmix32. Streams are
 * derived by label, so adding a new consumer of randomness does not shift the draws of others.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** An independent stream derived from this one's seed and a label (stable across runs). */
  fork(label: string | number): Rng;
}

function splitmix32(a: number): () => number {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    return t >>> 0;
  };
}

/** FNV-1a over the label's characters, mixed with the parent seed. */
function mixLabel(seed: number, label: string | number): number {
  const s = String(label);
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The next `count` uniforms of `rng` into out[0 .. count), exactly as `count` calls of next()
 * would draw them. The engine's own streams draw the batch in one call with their state in
 * locals (the price walk's hot loop); any other Rng (a test double) is called `count` times.
 */
export function fillUniforms(rng: Rng, out: Float64Array, count: number): void {
  if (rng instanceof Sfc32) rng.fill(out, count);
  else for (let i = 0; i < count; i++) out[i] = rng.next();
}

export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return new Sfc32((seed >>> 0) ^ (Math.floor(seed / 2 ** 32) >>> 0));
}

/**
 * A class rather than closures over the state: its four words are fields of one object of one
 * shape, which V8 inlines at every call site (about three times faster than closure-captured
 * state when a thousand streams are drawn from in turn; docs/BENCHMARKS.md).
 */
class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(private readonly seed32: number) {
    const init = splitmix32(seed32);
    this.a = init();
    this.b = init();
    this.c = init();
    this.d = init();
    // Warm up: sfc32's first outputs are correlated with the seed words.
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** See {@link fillUniforms}. */
  fill(out: Float64Array, count: number): void {
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
    for (let i = 0; i < count; i++) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      out[i] = (t >>> 0) / 4294967296;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  fork(label: string | number): Rng {
    return createRng(mixLabel(this.seed32, label));
  }
}
