/** A source of uniform floats in [0, 1). */
export type Random = () => number;

/**
 * Small fast seeded generator (sfc32). Not cryptographic; chosen for speed and a period far
 * beyond any run.
 */
export function createRandom(seed: number, stream = 0): Random {
  let a = mix32(seed ^ 0x9e3779b9);
  let b = mix32(a ^ stream ^ 0x243f6a88);
  let c = mix32(b ^ 0xb7e15162);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Discard the first outputs: they still echo the seed's bit pattern.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** 32-bit integer finaliser (murmur3 fmix32): spreads every input bit over the output. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A uniform float in [0, 1) that depends only on its inputs. Fault decisions use it so that a
 * given delivery attempt fails or succeeds the same way in every run with the same seed, no
 * matter in which order concurrent deliveries happen.
 */
export function keyedUniform(seed: number, a: number, b: number, c: number, d = 0): number {
  let h = mix32(seed ^ 0x51ed270b);
  h = mix32(h ^ a);
  h = mix32(h ^ Math.imul(b, 0x27d4eb2f));
  h = mix32(h ^ Math.imul(c, 0x165667b1));
  h = mix32(h ^ Math.imul(d, 0x9e3779b1));
  return h / 4294967296;
}

/** Stable 32-bit hash of a string (FNV-1a). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A random 31-bit seed for runs that were not given one (recorded in the result). */
export function freshSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}
