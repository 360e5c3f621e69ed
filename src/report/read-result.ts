import { readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError } from "../errors.js";
import { RESULT_SCHEMA, type RunResult } from "../run/result.js";

/** Schemas of every version of the run result; later versions are read with a warning. */
const RESULT_FAMILY = /^swarm-stress\/result@\d+$/;

const latency = z.looseObject({ count: z.number(), p50: z.number(), p99: z.number() });

/**
 * The parts of a RunResult that reports, thresholds and comparisons read. Checked so a file
 * that is only half a result fails with the field it lacks, not a TypeError deep in a renderer.
 */
const ResultShape = z.looseObject({
  config: z.looseObject({ scenario: z.string() }),
  core: z.string(),
  startedAt: z.string(),
  durationMs: z.number(),
  totals: z.looseObject({ generated: z.number(), delivered: z.number() }),
  successRate: z.number(),
  throughput: z.looseObject({ messagesPerSec: z.number() }),
  latency: z.looseObject({ endToEnd: latency, queueWait: latency, delivery: latency }),
  byType: z.record(z.string(), z.looseObject({ latency })),
  byAgent: z.record(z.string(), z.looseObject({ latency })),
  resources: z.looseObject({ rssPeakMB: z.number(), cpuPeakPct: z.number() }),
  queue: z.looseObject({ depthPeak: z.number() }),
  timeline: z.array(z.looseObject({ t: z.number() })),
  histograms: z.looseObject({ endToEnd: z.string() }),
  audit: z.looseObject({ balanced: z.boolean() }),
  warnings: z.array(z.string()),
});

/** A result read from disk, with what the reader should know about it. */
export interface LoadedResult {
  readonly result: RunResult;
  /** Set when the file is of a schema version this build does not know. */
  readonly warning?: string;
}

/**
 * Read a saved RunResult. Throws a one-line {@link ConfigError} naming the file and the
 * problem when it is missing, not JSON, a different document (a bench summary, say) or a
 * result without the fields a report needs. A result of a later schema version is read as
 * far as it goes, with a warning.
 */
export function readResultFile(path: string): LoadedResult {
  const fail = (why: string): never => {
    throw new ConfigError(`${path}: ${why}`);
  };
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : "unreadable");
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    fail(`not valid JSON (${(error as Error).message.split("\n")[0]})`);
  }
  const schema = (data as { schema?: unknown } | null)?.schema;
  if (typeof schema !== "string" || !RESULT_FAMILY.test(schema)) {
    fail(
      typeof schema === "string"
        ? `not a run result: its schema is "${schema}", expected "${RESULT_SCHEMA}"`
        : `not a run result: it has no "schema" field (expected "${RESULT_SCHEMA}")`,
    );
  }
  const checked = ResultShape.safeParse(data, { reportInput: true });
  const issue = checked.error?.issues[0];
  if (issue) fail(`not a complete run result: ${describe(issue)}`);
  return {
    result: data as RunResult,
    ...(schema === RESULT_SCHEMA
      ? {}
      : { warning: `${path} has schema ${schema}; this build reads ${RESULT_SCHEMA}` }),
  };
}

function describe(issue: z.core.$ZodIssue): string {
  const field = issue.path.map(String).join(".");
  return issue.code === "invalid_type" && issue.input === undefined
    ? `${field} is missing`
    : `${field}: ${issue.message}`;
}
