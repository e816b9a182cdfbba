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
 * The zero-intelligence walk's steps (pricing.ts): each step draws m uniforms and then u, and
 * the walk stops at the first step where fewer than `a` of the m are at or below u. Returns
 * that step (0-based), or -1 after `maxSteps`. The same draws in the same order as m + 1 calls
 * of next() a step; the engine's own streams compare the generator's 32-bit words instead of
 * the uniforms made from them (x <= u exactly when the words are, as unsigned integers), so a
 * step makes no floating-point number at all.
 */
export function walkSteps(rng: Rng, a: number, m: number, maxSteps: number): number {
  if (rng instanceof Sfc32 && m <= WORDS) return rng.walk(a, m, maxSteps);
  for (let step = 0; step < maxSteps; step++) {
    for (let j = 0; j < m; j++) uniforms[j] = rng.next();
    const u = rng.next();
    let atOrBelow = 0;
    for (let j = 0; j < m; j++) atOrBelow += (uniforms[j] as number) <= u ? 1 : 0;
    if (atOrBelow < a) return step;
  }
  return -1;
}
const WORDS = 64;
const uniforms = new Float64Array(WORDS);
/** A step's words, each xor 2^31 so that signed comparison orders them as unsigned. */
const words = new Int32Array(WORDS);

export function createRng(seed: number): Rng {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return new Sfc32((seed >>> 0) ^ (Math.floor(seed / 2 ** 32) >>> 0));
}

/**
 * The streams' states, four 32-bit words each, in shared chunks: streams made one after
 * another (a household's production, consumption, price and init streams) sit in one or two
 * cache lines. As an object's four number fields the words, most above 2^30, were each a boxed
 * heap number, so a stream's first draw in a round was up to five cache misses; at 10,000
 * households drawn from in a shuffled order that was the largest part of the decision phase
 * (docs: BENCHMARKS.md). A chunk is freed when the last stream in it is.
 */
const CHUNK_WORDS = 4096;
let chunk = new Int32Array(CHUNK_WORDS);
let chunkUsed = 0;

/**
 * A class rather than closures over the state: one object of one shape, which V8 inlines at
 * every call site (about three times faster than closure-captured state when a thousand streams
 * are drawn from in turn; docs/BENCHMARKS.md). Its words are s[o .. o + 4): a, b, c, d.
 */
class Sfc32 implements Rng {
  private readonly s: Int32Array;
  private readonly o: number;

  constructor(private readonly seed32: number) {
    if (chunkUsed + 4 > CHUNK_WORDS) {
      chunk = new Int32Array(CHUNK_WORDS);
      chunkUsed = 0;
    }
    this.s = chunk;
    this.o = chunkUsed;
    chunkUsed += 4;
    const init = splitmix32(seed32);
    const st = this.s;
    const o = this.o;
    st[o] = init();
    st[o + 1] = init();
    st[o + 2] = init();
    st[o + 3] = init();
    // Warm up: sfc32's first outputs are correlated with the seed words.
    for (let i = 0; i < 12; i++) this.next();
  }

  next(): number {
    const st = this.s;
    const o = this.o;
    const a = st[o] as number;
    const b = st[o + 1] as number;
    const c = st[o + 2] as number;
    const d = st[o + 3] as number;
    const t = (((a + b) | 0) + d) | 0;
    st[o] = b ^ (b >>> 9);
    st[o + 1] = (c + (c << 3)) | 0;
    st[o + 2] = (((c << 21) | (c >>> 11)) + t) | 0;
    st[o + 3] = (d + 1) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** See {@link walkSteps}; m <= WORDS. */
  walk(alpha: number, m: number, maxSteps: number): number {
    const st = this.s;
    const o = this.o;
    let a = st[o] as number;
    let b = st[o + 1] as number;
    let c = st[o + 2] as number;
    let d = st[o + 3] as number;
    let taken = -1;
    for (let step = 0; step < maxSteps; step++) {
      for (let j = 0; j < m; j++) {
        const t = (((a + b) | 0) + d) | 0;
        d = (d + 1) | 0;
        a = b ^ (b >>> 9);
        b = (c + (c << 3)) | 0;
        c = (((c << 21) | (c >>> 11)) + t) | 0;
        words[j] = t ^ 0x80000000;
      }
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + t) | 0;
      const u = t ^ 0x80000000;
      let atOrBelow = 0;
      for (let j = 0; j < m; j++) atOrBelow += (words[j] as number) <= u ? 1 : 0;
      if (atOrBelow < alpha) {
        taken = step;
        break;
      }
    }
    st[o] = a;
    st[o + 1] = b;
    st[o + 2] = c;
    st[o + 3] = d;
    return taken;
  }

  fork(label: string | number): Rng {
    return createRng(mixLabel(this.seed32, label));
  }
}
