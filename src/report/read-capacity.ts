import type { CapacityDocument } from "../capacity/capacity-document.js";
import { ConfigError } from "../errors.js";
import { readInputFile } from "../util/input-file.js";
import { once } from "../util/lazy.js";
import { loadZod, type ZodNamespace } from "../util/zod.js";
import { MAX_RESULT_FILE_BYTES } from "./read-result.js";

/**
 * The parts of a capacity document that `compare` and the reports read, checked so that a
 * file that is only part of one fails with the field it lacks. Built when first needed, as
 * zod is loaded then.
 */
const capacityShape = once(() => buildCapacityShape(loadZod().z));

function buildCapacityShape(z: ZodNamespace) {
  const num = z.number();
  const latency = z.looseObject({ count: num, p50: num, p99: num, max: num });

  return z.looseObject({
    schema: z.string().regex(/^swarm-stress\/capacity@\d+$/),
    config: z.looseObject({ scenario: z.string(), queue: z.string() }),
    core: z.string(),
    startedAt: z.string(),
    search: z.looseObject({ slo: z.array(z.string()) }),
    steps: z.array(
      z.looseObject({ phase: z.string(), rate: num, endToEnd: latency, verdict: z.string() }),
    ),
    outcome: z.looseObject({
      verdict: z.string(),
      sustainedRate: num.nullable(),
      firstFailingRate: num.nullable(),
    }),
    environment: z.looseObject({ hostname: z.string() }),
  });
}

/** Whether `value` says it is a capacity document (its schema), whole or not. */
export function isCapacityDocument(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { schema?: unknown }).schema === "string" &&
    (value as { schema: string }).schema.startsWith("swarm-stress/capacity@")
  );
}

/**
 * `value`, parsed from `path`, as a capacity document; throws a one-line {@link ConfigError}
 * naming the first field it lacks.
 */
export function checkedCapacity(value: unknown, path: string): CapacityDocument {
  const parsed = capacityShape().safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw new ConfigError(
      `${path} is not a whole capacity document: ${where}${issue?.message ?? "invalid"}`,
    );
  }
  return value as CapacityDocument;
}

/**
 * The capacity document at `path`, checked whole; undefined when the file is not one (or cannot
 * be read), for the caller to read it as a run result, which says what is wrong with it.
 */
export function readCapacityFile(path: string): CapacityDocument | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readInputFile(path, MAX_RESULT_FILE_BYTES));
  } catch {
    return undefined;
  }
  return isCapacityDocument(data) ? checkedCapacity(data, path) : undefined;
}
