import type { Random } from "../util/random.js";
import { quoteShort } from "./short-text.js";

/**
 * A distribution of non-negative values (milliseconds for delays, bytes for payload sizes).
 * Parsed from text such as `1ms`, `uniform(0.5ms, 2ms)`, `normal(1ms, 0.2ms)`,
 * `lognormal(1ms, 0.5)` or `pareto(1ms, 1.5)`.
 */
export type Distribution =
  | { readonly kind: "fixed"; readonly value: number }
  | { readonly kind: "uniform"; readonly min: number; readonly max: number }
  | { readonly kind: "normal"; readonly mean: number; readonly stddev: number }
  /** `median` is e^mu; `sigma` the shape of the underlying normal. */
  | { readonly kind: "lognormal"; readonly median: number; readonly sigma: number }
  /** Heavy-tailed: `scale` is the minimum value, lower `shape` means a heavier tail. */
  | { readonly kind: "pareto"; readonly scale: number; readonly shape: number };

/** Converts one quantity (`1ms`, `256`, `1kb`) into the distribution's unit. */
export type QuantityParser = (text: string) => number;

const CALL_PATTERN = /^\s*([a-z]+)\s*\((.*)\)\s*$/i;

/**
 * Bounds of the shape parameters, which are plain numbers. Within them every draw is finite
 * (and the tails merely extreme); beyond them a draw can be Infinity, a delay that never ends:
 * lognormal draws reach median × e^(8.6 × sigma), pareto draws scale × 2^(53 / shape).
 */
export const SHAPE_LIMITS = {
  /** Lognormal SIGMA: above 0, at most 10. */
  sigma: { min: 0, max: 10 },
  /** Pareto SHAPE: at least 0.1, at most 1000. */
  shape: { min: 0.1, max: 1000 },
} as const;

/**
 * Parse a distribution spec. Quantities go through `parseQuantity`; shape parameters
 * (lognormal sigma, pareto shape) are plain numbers. Throws a one-line error naming the spec.
 */
export function parseDistribution(spec: string, parseQuantity: QuantityParser): Distribution {
  const call = CALL_PATTERN.exec(spec);
  if (!call) return { kind: "fixed", value: parseQuantity(spec) };
  const kind = (call[1] ?? "").toLowerCase();
  const args = (call[2] ?? "").split(",").map((part) => part.trim());
  const shown = quoteShort(spec);
  const expect = (count: number, usage: string): void => {
    if (args.length !== count || args.some((a) => a === "")) {
      throw new Error(`invalid distribution ${shown}: expected ${usage}`);
    }
  };
  const shapeNumber = (text: string, name: keyof typeof SHAPE_LIMITS): number => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(
        `invalid distribution ${shown}: ${quoteShort(text)} must be a positive number`,
      );
    }
    const { min, max } = SHAPE_LIMITS[name];
    if (value < min || value > max) {
      const range = min === 0 ? `above 0 and at most ${max}` : `from ${min} to ${max}`;
      throw new Error(
        `invalid distribution ${shown}: ${name.toUpperCase()} must be ${range}, got ${value}`,
      );
    }
    return value;
  };
  switch (kind) {
    case "fixed":
      expect(1, "fixed(VALUE)");
      return { kind, value: parseQuantity(args[0] as string) };
    case "uniform": {
      expect(2, "uniform(MIN, MAX)");
      const min = parseQuantity(args[0] as string);
      const max = parseQuantity(args[1] as string);
      if (max < min) throw new Error(`invalid distribution ${shown}: MAX is below MIN`);
      return { kind, min, max };
    }
    case "normal":
      expect(2, "normal(MEAN, STDDEV)");
      return {
        kind,
        mean: parseQuantity(args[0] as string),
        stddev: parseQuantity(args[1] as string),
      };
    case "lognormal":
      expect(2, "lognormal(MEDIAN, SIGMA)");
      return {
        kind,
        median: parseQuantity(args[0] as string),
        sigma: shapeNumber(args[1] as string, "sigma"),
      };
    case "pareto":
      expect(2, "pareto(SCALE, SHAPE)");
      return {
        kind,
        scale: parseQuantity(args[0] as string),
        shape: shapeNumber(args[1] as string, "shape"),
      };
    default:
      throw new Error(
        `invalid distribution ${shown}: unknown kind ${quoteShort(kind)} (fixed, uniform, normal, lognormal, pareto)`,
      );
  }
}

/** A function drawing one value of `distribution` from `random`; never negative. */
export function createSampler(distribution: Distribution, random: Random): () => number {
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

/** The distribution's mean (Infinity for a pareto shape at or below 1). */
export function distributionMean(distribution: Distribution): number {
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
      return distribution.shape <= 1
        ? Number.POSITIVE_INFINITY
        : (distribution.shape * distribution.scale) / (distribution.shape - 1);
  }
}

/** Text form of a distribution, using `format` for quantities; parses back to the same value. */
export function formatDistribution(
  distribution: Distribution,
  format: (v: number) => string,
): string {
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

/** Box-Muller; one of the pair is discarded to keep the sampler stateless. */
function standardNormal(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
