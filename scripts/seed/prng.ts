const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * A small seeded PRNG (sfc32, 128-bit state). Every random choice of the seed generator goes
 * through one of these, so the same seed gives the same data on every machine.
 */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(...seeds: number[]) {
    const state = mix(seeds);
    this.#a = state[0];
    this.#b = state[1];
    this.#c = state[2];
    this.#d = state[3];
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** The next unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** A standard normal deviate (Box-Muller). */
  normal(): number {
    const u = 1 - this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** A log-normal multiplier with median 1 and the given spread of its logarithm. */
  logNormal(sigma: number): number {
    return Math.exp(sigma * this.normal());
  }

  /** A random UUID (version 4 layout), drawn from this generator. */
  uuid(): string {
    const a = this.uint32();
    const b = (this.uint32() & 0xffff0fff) | 0x4000;
    const c = ((this.uint32() & 0x3fffffff) | 0x80000000) >>> 0;
    const d = this.uint32();
    return (
      hex32(a) +
      '-' +
      HEX[(b >>> 24) & 255] + HEX[(b >>> 16) & 255] +
      '-' +
      HEX[(b >>> 8) & 255] + HEX[b & 255] +
      '-' +
      HEX[(c >>> 24) & 255] + HEX[(c >>> 16) & 255] +
      '-' +
      HEX[(c >>> 8) & 255] + HEX[c & 255] +
      hex32(d)
    );
  }

  /** `bytes` random bytes as lower-case hex. */
  hex(bytes: number): string {
    let out = '';
    for (let i = 0; i < bytes; i++) out += HEX[this.uint32() & 255];
    return out;
  }
}

/** A table for drawing from a fixed weighted list in O(log n). */
export class WeightedTable<T> {
  readonly #items: T[];
  readonly #cumulative: Float64Array;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    this.#items = entries.map(([item]) => item);
    this.#cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, weight], i) => {
      sum += weight;
      this.#cumulative[i] = sum;
    });
  }

  /** Draws one item with probability proportional to its weight. */
  draw(rng: Rng): T {
    const target = rng.float() * this.#cumulative[this.#cumulative.length - 1];
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.#items[lo];
  }
}

function hex32(value: number): string {
  return HEX[(value >>> 24) & 255] + HEX[(value >>> 16) & 255] + HEX[(value >>> 8) & 255] + HEX[value & 255];
}

/** Spreads any list of integers into a well-mixed 128-bit state (splitmix32 over a running hash). */
function mix(seeds: number[]): [number, number, number, number] {
  let h = 0x9e3779b9;
  for (const seed of seeds) h = splitmix32((h ^ Math.imul(seed | 0, 0x85ebca6b)) >>> 0);
  const out: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    h = splitmix32((h + 0x9e3779b9) >>> 0);
    out[i] = h;
  }
  return out;
}

function splitmix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
