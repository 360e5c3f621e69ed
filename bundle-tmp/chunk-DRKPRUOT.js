// dist/util/random.js
function createRandom(seed, stream = 0) {
  let a = mix32(seed ^ 2654435769);
  let b = mix32(a ^ stream ^ 608135816);
  let c = mix32(b ^ 3084996962);
  let d = 1;
  const next = () => {
    const t = (a + b | 0) + d | 0;
    d = d + 1 | 0;
    a = b ^ b >>> 9;
    b = c + (c << 3) | 0;
    c = c << 21 | c >>> 11;
    c = c + t | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++)
    next();
  return next;
}
function mix32(value) {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  h = Math.imul(h, 3266489909);
  h ^= h >>> 16;
  return h >>> 0;
}
function keyedUniform(seed, a, b, c, d = 0) {
  let h = mix32(seed ^ 1374496523);
  h = mix32(h ^ a);
  h = mix32(h ^ Math.imul(b, 668265263));
  h = mix32(h ^ Math.imul(c, 374761393));
  h = mix32(h ^ Math.imul(d, 2654435761));
  return h / 4294967296;
}
function hashString(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
function freshSeed() {
  return Math.floor(Math.random() * 2147483647);
}

export {
  createRandom,
  keyedUniform,
  hashString,
  freshSeed
};
