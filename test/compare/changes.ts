import type { RunResult } from "../../src/result/result.js";
import { sampleResult } from "../fixtures/result.js";

/** Nested overrides of a RunResult: every object level may be given in part. */
export type Changes<T> = { -readonly [K in keyof T]?: T[K] extends object ? Changes<T[K]> : T[K] };

/** The sample result with `changes` merged in at any depth; `undefined` removes a field. */
export function resultWith(changes: Changes<RunResult> = {}): RunResult {
  return merge(sampleResult(), changes) as RunResult;
}

function merge(base: unknown, changes: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(changes)) return changes;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete merged[key];
    else merged[key] = merge(base[key], value);
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
