import type { z } from "zod";
import { ConfigError } from "../errors.js";
import { LatencyHistogram } from "../metrics/histogram.js";
import { RESULT_SCHEMA, type RunResult } from "../result/result.js";
import { InputFileError, readInputFile } from "../util/input-file.js";
import { once } from "../util/lazy.js";
import { loadZod, type ZodNamespace } from "../util/zod.js";

/** Schemas of every version of the run result; later versions are read with a warning. */
const RESULT_FAMILY = /^swarm-stress\/result@\d+$/;

/**
 * The parts of a RunResult that reports, thresholds and comparisons read. Checked so a file
 * that is only part of a result fails with the field it lacks, not a TypeError deep in a
 * renderer. Built when the first file is read: importing zod costs more than the readers.
 */
const resultShape = once(() => buildResultShape(loadZod().z));

function buildResultShape(z: ZodNamespace) {
  const num = z.number();
  const counts = <K extends string>(keys: readonly K[]) =>
    z.looseObject(Object.fromEntries(keys.map((key) => [key, num])) as Record<K, typeof num>);

  const latency = counts(["count", "min", "mean", "p50", "p90", "p95", "p99", "p999", "max"]);
  const group = counts([
    "generated",
    "delivered",
    "deadLettered",
    "pending",
    "deliveries",
    "failed",
  ]).extend({ successRate: num, latency });
  const distribution = z.looseObject({ kind: z.string() });
  /** HDR histograms as `LatencyHistogram.encode` writes them: base64 of a compressed payload. */
  const histogram = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, "not an encoded histogram");

  return z.looseObject({
    config: z.looseObject({
      scenario: z.string(),
      agents: num,
      messagesPerAgent: num.optional(),
      types: z.record(z.string(), num),
      payloadSize: distribution,
      delay: distribution,
      seed: num,
      queue: z.string(),
      core: z.string(),
    }),
    core: z.string(),
    startedAt: z.string(),
    finishedAt: z.string(),
    durationMs: num,
    stoppedEarly: z.boolean(),
    totals: counts([
      "generated",
      "delivered",
      "failed",
      "timedOut",
      "retried",
      "deadLettered",
      "pending",
      "duplicates",
      "deliveries",
      "attempts",
    ]),
    successRate: num,
    attemptSuccessRate: num,
    throughput: counts(["messagesPerSec", "deliveriesPerSec"]),
    latency: z.looseObject({ endToEnd: latency, queueWait: latency, delivery: latency }),
    byType: z.record(z.string(), group),
    byAgent: z.record(z.string(), group),
    resources: counts([
      "rssPeakMB",
      "rssAvgMB",
      "heapPeakMB",
      "heapAvgMB",
      "cpuPeakPct",
      "cpuAvgPct",
      "eventLoopLagP99Ms",
      "eventLoopLagMaxMs",
      "samples",
    ]),
    queue: z.looseObject({
      driver: z.string(),
      capacity: num,
      depthPeak: num,
      depthAvg: num,
      saturationEvents: num,
    }),
    chaos: z.looseObject({ enabled: z.boolean(), events: z.record(z.string(), num), total: num }),
    harness: counts([
      "batches",
      "deliveringMs",
      "pausedMs",
      "idleMs",
      "overheadMs",
      "overheadUsPerMessage",
    ]),
    timeline: z.array(
      counts([
        "t",
        "delivered",
        "deliveries",
        "failed",
        "deadLettered",
        "endToEndP50Ms",
        "endToEndP99Ms",
        "depth",
        "rssMB",
        "cpuPct",
      ]).extend({
        // Open runs only (and absent in results saved before them): charted when there.
        endToEndUncorrectedP50Ms: num.optional(),
        endToEndUncorrectedP95Ms: num.optional(),
        endToEndUncorrectedP99Ms: num.optional(),
      }),
    ),
    histograms: z.looseObject({ endToEnd: histogram, queueWait: histogram, delivery: histogram }),
    deadLetters: z.looseObject({
      count: num,
      byReason: z.record(z.string(), num),
      sample: z.array(z.looseObject({ id: z.string(), error: z.string() })),
    }),
    audit: z.looseObject({
      balanced: z.boolean(),
      lost: num,
      duplicates: num,
      problems: z.array(z.string()),
    }),
    thresholds: z
      .array(
        z.looseObject({
          expression: z.string(),
          metric: z.string(),
          unit: z.string(),
          value: num.nullable(),
          passed: z.boolean(),
        }),
      )
      .optional(),
    workers: z
      .array(z.looseObject({ id: z.string(), status: z.string(), latency, reports: num }))
      .optional(),
    warnings: z.array(z.string()),
    environment: z.looseObject({
      swarmStress: z.string(),
      node: z.string(),
      platform: z.string(),
      arch: z.string(),
      cpus: num,
      cpuModel: z.string(),
      totalMemoryMB: num,
      hostname: z.string(),
    }),
  });
}

/**
 * Largest saved result read. A result's size does not grow with the number of messages (its
 * timeline is bounded): tens of KB, a few MB with thousands of agents. This leaves ample room
 * and still keeps a wrong file (a disk image, a log) from exhausting memory.
 */
export const MAX_RESULT_FILE_BYTES = 256 * 1024 * 1024;

/** A result read from disk, with what the reader should know about it. */
export interface LoadedResult {
  readonly result: RunResult;
  /** Set when the file is of a schema version this build does not know. */
  readonly warning?: string;
}

/**
 * Read a saved RunResult. Throws a one-line {@link ConfigError} naming the file and the
 * problem when it is missing, not a regular file (a FIFO would block the read for good),
 * larger than {@link MAX_RESULT_FILE_BYTES}, not JSON, a different document (a bench summary,
 * say) or a result without the fields a report needs. A result of a later schema version is
 * read as far as it goes, with a warning.
 */
export function readResultFile(path: string): LoadedResult {
  const fail = (why: string): never => {
    throw new ConfigError(`${path}: ${why}`);
  };
  let text = "";
  try {
    text = readInputFile(path, MAX_RESULT_FILE_BYTES);
  } catch (error) {
    // "x.json: is a directory" reads better without the "it" the phrase starts with.
    fail(error instanceof InputFileError ? error.message.replace(/^it /, "") : "unreadable");
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
  const checked = resultShape().safeParse(data, { reportInput: true });
  const issue = checked.error?.issues[0];
  const version =
    schema === RESULT_SCHEMA ? "" : ` (its schema is ${schema}; this build reads ${RESULT_SCHEMA})`;
  if (issue) fail(`not a complete run result${version}: ${describe(issue)}`);
  const corrupt = corruptHistogram((data as RunResult).histograms);
  if (corrupt) fail(`not a complete run result: histograms.${corrupt} does not decode`);
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

/** The first of a result's histograms that does not decode, if any. */
function corruptHistogram(histograms: RunResult["histograms"]): string | undefined {
  for (const [name, encoded] of Object.entries(histograms)) {
    try {
      LatencyHistogram.decode(encoded);
    } catch {
      return name;
    }
  }
  return undefined;
}
