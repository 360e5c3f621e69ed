import { parseDuration } from "../config/duration.js";
import type { ThresholdOperator } from "../result/result.js";
import type { MetricUnit } from "./metric-catalog.js";
import { type ResolvedMetric, resolveMetric } from "./resolve-metric.js";

/** A threshold parsed and checked: `latency.endToEnd.p99<5ms`. */
export interface Threshold {
  /** As written, trimmed. */
  readonly expression: string;
  readonly metric: string;
  readonly resolved: ResolvedMetric;
  readonly operator: ThresholdOperator;
  /** The limit converted to the metric's unit (5ms → 5, 95% → 0.95). */
  readonly limit: number;
}

const THRESHOLD = /^\s*([^<>=!\s]+)\s*(<=|>=|==|<|>)\s*(\S.*?)\s*$/;

/**
 * Parse `METRIC OP LIMIT`, e.g. `latency.endToEnd.p99<5ms`, `successRate>=95%` or
 * `throughput.messagesPerSec>10k`. Throws an Error with a one-line message naming what is wrong.
 */
export function parseThreshold(text: string): Threshold {
  const match = THRESHOLD.exec(text);
  if (!match) {
    throw new Error(
      `threshold "${text}" is not METRIC OP LIMIT with OP one of <, <=, >, >=, == (e.g. latency.endToEnd.p99<5ms)`,
    );
  }
  const [, metric = "", operator = "<", limitText = ""] = match;
  const resolved = resolveMetric(metric);
  if (resolved.unit === "flag" && operator !== "==") {
    throw new Error(
      `threshold "${text.trim()}": ${metric} is true or false, compare it with == (e.g. ${metric}==true)`,
    );
  }
  let limit: number;
  try {
    limit = parseLimit(limitText, resolved.unit);
  } catch (error) {
    throw new Error(`threshold "${text.trim()}": ${(error as Error).message}`);
  }
  return {
    expression: `${metric}${operator}${limitText}`,
    metric,
    resolved,
    operator: operator as ThresholdOperator,
    limit,
  };
}

/** Does `value` meet `operator limit`? */
export function holds(value: number, operator: ThresholdOperator, limit: number): boolean {
  switch (operator) {
    case "<":
      return value < limit;
    case "<=":
      return value <= limit;
    case ">":
      return value > limit;
    case ">=":
      return value >= limit;
    case "==":
      return value === limit;
  }
}

const NUMBER = /^(\d[\d_]*(?:\.\d+)?|\.\d+)(?:e([+-]?\d+))?\s*([a-zµ%/]*)$/i;
const COUNT_SUFFIX: Readonly<Record<string, number>> = { "": 1, k: 1e3, m: 1e6, g: 1e9 };
const MEGABYTES: Readonly<Record<string, number>> = { "": 1, kb: 1 / 1024, mb: 1, gb: 1024 };

/** Read a limit written for a metric of `unit`, converted to that unit. */
function parseLimit(text: string, unit: MetricUnit): number {
  if (unit === "flag") {
    const flag = text.trim().toLowerCase();
    if (flag !== "true" && flag !== "false") throw new Error(`"${text}": write true or false`);
    return flag === "true" ? 1 : 0;
  }
  if (/^\s*-/.test(text)) throw new Error(`"${text}": a limit must not be negative`);
  const match = NUMBER.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a number`);
  const value = Number(match[1]?.replace(/_/g, "")) * 10 ** Number(match[2] ?? 0);
  if (!Number.isFinite(value)) throw new Error(`"${text}" is too large`);
  const suffix = (match[3] ?? "").toLowerCase();
  const bad = (expected: string): never => {
    throw new Error(`"${text}": the metric is in ${unitName(unit)}, write ${expected}`);
  };
  switch (unit) {
    case "ms":
      return suffix === "" ? value : parseDuration(`${value}${suffix}`);
    case "us":
      return suffix === "" ? value : parseDuration(`${value}${suffix}`) * 1000;
    case "ratio": {
      const ratio = suffix === "%" ? value / 100 : value;
      if ((suffix !== "" && suffix !== "%") || ratio > 1) {
        bad("a ratio from 0 to 1 or a percentage up to 100% (0.95 or 95%)");
      }
      return ratio;
    }
    case "%":
      if (suffix !== "" && suffix !== "%") bad("a percentage of one core (150 or 150%)");
      return value;
    case "MB": {
      const factor = MEGABYTES[suffix];
      if (factor === undefined) bad("megabytes (512, 512MB or 1GB)");
      return value * (factor as number);
    }
    case "msg/s":
    case "count": {
      const plain = unit === "msg/s" ? suffix.replace(/\/s$/, "") : suffix;
      const factor = COUNT_SUFFIX[plain];
      if (factor === undefined) bad("a number, optionally with k or M (10000 or 10k)");
      return value * (factor as number);
    }
  }
}

function unitName(unit: MetricUnit): string {
  switch (unit) {
    case "ms":
      return "milliseconds";
    case "us":
      return "microseconds";
    case "ratio":
      return "a ratio from 0 to 1";
    case "%":
      return "percent of one core";
    case "MB":
      return "megabytes";
    case "msg/s":
      return "messages per second";
    case "count":
      return "a count";
    case "flag":
      return "true or false";
  }
}
