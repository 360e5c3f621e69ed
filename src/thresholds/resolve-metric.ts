import { suggest } from "../model/suggest.js";
import { METRIC_CATALOG, type MetricNode, type MetricUnit } from "./metric-catalog.js";

/** A metric path checked against the catalog. */
export interface ResolvedMetric {
  /** The path as segments: `byAgent.Agent-3.successRate` → `["byAgent", "Agent-3", "successRate"]`. */
  readonly segments: readonly string[];
  readonly unit: MetricUnit;
  /** The message types and agent names the path picks, to be checked against the run. */
  readonly keys: readonly { readonly kind: "message type" | "agent"; readonly key: string }[];
}

/**
 * Check a dotted metric path such as `latency.endToEnd.p99` against the fields of a RunResult.
 * Throws an Error whose one-line message names the first unknown part, the fields it could have
 * been, and the nearest of them.
 */
export function resolveMetric(path: string): ResolvedMetric {
  const segments = path.split(".");
  const keys: { kind: "message type" | "agent"; key: string }[] = [];
  let node: MetricNode = METRIC_CATALOG;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const where = segments.slice(0, i).join(".");
    if (typeof node === "string") {
      throw new Error(`unknown metric "${path}": ${where} is a number, it has no fields`);
    }
    if (isKeyed(node)) {
      if (segment === "") {
        throw new Error(`unknown metric "${path}": ${where} needs ${withArticle(node.keyedBy)}`);
      }
      keys.push({ kind: node.keyedBy, key: segment });
      node = node.each;
      continue;
    }
    const fields = node as { readonly [field: string]: MetricNode };
    const next = Object.hasOwn(fields, segment) ? fields[segment] : undefined;
    if (next === undefined) {
      const names = Object.keys(fields);
      const near = suggest(segment, names);
      const hint = near === undefined ? "" : `; did you mean ${near}?`;
      const owner = where === "" ? "a result" : where;
      throw new Error(`unknown metric "${path}": ${owner} has ${names.join(", ")}${hint}`);
    }
    node = next;
  }
  if (typeof node !== "string") {
    const more = isKeyed(node)
      ? `${withArticle(node.keyedBy)}, e.g. ${path}.${node.keyedBy === "agent" ? "Agent-1" : "direct"}`
      : `one of ${Object.keys(node).join(", ")}`;
    throw new Error(`"${path}" is not a number: name ${more}`);
  }
  return { segments, unit: node, keys };
}

function isKeyed(
  node: Exclude<MetricNode, MetricUnit>,
): node is { readonly keyedBy: "message type" | "agent"; readonly each: MetricNode } {
  return typeof node.keyedBy === "string" && typeof node.each !== "undefined";
}

function withArticle(kind: "message type" | "agent"): string {
  return kind === "agent" ? "an agent" : "a message type";
}
