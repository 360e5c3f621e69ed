import {
  quoteShort
} from "./chunk-2K75BOFE.js";

// dist/model/distributions.js
var CALL_PATTERN = /^\s*([a-z]+)\s*\((.*)\)\s*$/i;
var SHAPE_LIMITS = {
  /** Lognormal SIGMA: above 0, at most 10. */
  sigma: { min: 0, max: 10 },
  /** Pareto SHAPE: at least 0.1, at most 1000. */
  shape: { min: 0.1, max: 1e3 }
};
function parseDistribution(spec, parseQuantity) {
  const call = CALL_PATTERN.exec(spec);
  if (!call)
    return { kind: "fixed", value: parseQuantity(spec) };
  const kind = (call[1] ?? "").toLowerCase();
  const args = (call[2] ?? "").split(",").map((part) => part.trim());
  const shown = quoteShort(spec);
  const expect = (count, usage) => {
    if (args.length !== count || args.some((a) => a === "")) {
      throw new Error(`invalid distribution ${shown}: expected ${usage}`);
    }
  };
  const shapeNumber = (text, name) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(`invalid distribution ${shown}: ${quoteShort(text)} must be a positive number`);
    }
    const { min, max } = SHAPE_LIMITS[name];
    if (value < min || value > max) {
      const range = min === 0 ? `above 0 and at most ${max}` : `from ${min} to ${max}`;
      throw new Error(`invalid distribution ${shown}: ${name.toUpperCase()} must be ${range}, got ${value}`);
    }
    return value;
  };
  switch (kind) {
    case "fixed":
      expect(1, "fixed(VALUE)");
      return { kind, value: parseQuantity(args[0]) };
    case "uniform": {
      expect(2, "uniform(MIN, MAX)");
      const min = parseQuantity(args[0]);
      const max = parseQuantity(args[1]);
      if (max < min)
        throw new Error(`invalid distribution ${shown}: MAX is below MIN`);
      return { kind, min, max };
    }
    case "normal":
      expect(2, "normal(MEAN, STDDEV)");
      return {
        kind,
        mean: parseQuantity(args[0]),
        stddev: parseQuantity(args[1])
      };
    case "lognormal":
      expect(2, "lognormal(MEDIAN, SIGMA)");
      return {
        kind,
        median: parseQuantity(args[0]),
        sigma: shapeNumber(args[1], "sigma")
      };
    case "pareto":
      expect(2, "pareto(SCALE, SHAPE)");
      return {
        kind,
        scale: parseQuantity(args[0]),
        shape: shapeNumber(args[1], "shape")
      };
    default:
      throw new Error(`invalid distribution ${shown}: unknown kind ${quoteShort(kind)} (fixed, uniform, normal, lognormal, pareto)`);
  }
}
function createSampler(distribution, random) {
  switch (distribution.kind) {
    case "fixed": {
      const { value } = distribution;
      return () => value;
    }
    case "uniform": {
      const { min, max } = distribution;
      return () => min + (max - min) * random();
    }
    case "normal": {
      const { mean, stddev } = distribution;
      return () => Math.max(0, mean + stddev * standardNormal(random));
    }
    case "lognormal": {
      const mu = Math.log(distribution.median);
      const { sigma } = distribution;
      return () => Math.exp(mu + sigma * standardNormal(random));
    }
    case "pareto": {
      const { scale, shape } = distribution;
      return () => scale / (1 - random()) ** (1 / shape);
    }
  }
}
function distributionMean(distribution) {
  switch (distribution.kind) {
    case "fixed":
      return distribution.value;
    case "uniform":
      return (distribution.min + distribution.max) / 2;
    case "normal":
      return distribution.mean;
    case "lognormal":
      return distribution.median * Math.exp(distribution.sigma ** 2 / 2);
    case "pareto":
      return distribution.shape <= 1 ? Number.POSITIVE_INFINITY : distribution.shape * distribution.scale / (distribution.shape - 1);
  }
}
function formatDistribution(distribution, format) {
  switch (distribution.kind) {
    case "fixed":
      return format(distribution.value);
    case "uniform":
      return `uniform(${format(distribution.min)}, ${format(distribution.max)})`;
    case "normal":
      return `normal(${format(distribution.mean)}, ${format(distribution.stddev)})`;
    case "lognormal":
      return `lognormal(${format(distribution.median)}, ${distribution.sigma})`;
    case "pareto":
      return `pareto(${format(distribution.scale)}, ${distribution.shape})`;
  }
}
function standardNormal(random) {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export {
  parseDistribution,
  createSampler,
  distributionMean,
  formatDistribution
};
