import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ConfigError } from "../errors.js";
import type { RunResult } from "../result/result.js";
import { makeDirectories } from "../util/make-directories.js";
import { checkOutputPath, writeError } from "./output-file.js";

/** Where results go unless told otherwise, relative to the working directory. */
export const RESULTS_DIR = "results";

/** Suffixes tried before giving up: more runs of one scenario within one second are unlikely. */
const MAX_SUFFIX = 1000;

/**
 * Write `result` as pretty JSON and return the path written. Without `path` the file is
 * `results/<scenario>-<start time>.json` (e.g. `results/realistic-2026-11-27T13-05-09Z.json`),
 * with `-2`, `-3`, … added when that name is taken, so an earlier result is never overwritten.
 * An explicit `path` is written as asked, replacing what is there, like any `-o` option.
 * Missing directories are created. Throws a one-line {@link ConfigError} when the path cannot
 * be written (a directory, no permission), a {@link RuntimeError} when the disk is full or
 * read-only.
 */
export async function saveResult(result: RunResult, path?: string): Promise<string> {
  return saveDocument(result, path ?? defaultResultPath(result), path !== undefined);
}

/**
 * Write `document` as pretty JSON to `target`: as asked when `asked` (an explicit `-o`), else
 * to `target` or its first free numbered variant, never over an earlier file. Returns the path
 * written; throws as {@link saveResult} does.
 */
export async function saveDocument(
  document: unknown,
  target: string,
  asked: boolean,
): Promise<string> {
  const text = `${JSON.stringify(document, null, 2)}\n`;
  const path = asked ? target : undefined;
  try {
    await makeDirectories(dirname(target));
    if (path !== undefined) {
      await writeFile(path, text);
      return path;
    }
    return await writeNew(target, text);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw writeError(`cannot save the result to "${target}"`, error);
  }
}

/**
 * Throw the {@link ConfigError} that {@link saveResult} would, before a run whose result could
 * not be saved wastes minutes. A race with other processes can still fail later.
 */
export function checkResultPath(path?: string): void {
  if (path !== undefined) checkOutputPath(path, "the result");
  else {
    checkOutputPath(join(RESULTS_DIR, "result.json"), "the result", {
      mayBeDirectory: true,
      shownAs: RESULTS_DIR,
    });
  }
}

/**
 * The default file name of a result: scenario and start time, with characters that are unsafe
 * in file names (such as `:` on Windows) replaced.
 */
export function defaultResultPath(result: RunResult): string {
  return resultsPath(result.config.scenario, result.startedAt);
}

/** `results/<prefix><scenario>-<start time>.json`, with file-name-unsafe characters replaced. */
export function resultsPath(scenario: string, startedAt: string, prefix = ""): string {
  const name = scenario.replace(/[^A-Za-z0-9._-]+/g, "_") || "run";
  return join(RESULTS_DIR, `${prefix}${name}-${fileTimestamp(startedAt)}.json`);
}

/** `2026-11-27T13:05:09.123Z` → `2026-11-27T13-05-09Z`; the current time if unparsable. */
function fileTimestamp(iso: string): string {
  const time = new Date(iso);
  const valid = Number.isNaN(time.getTime()) ? new Date() : time;
  return valid
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-");
}

/** Create `path`, or the first free `path-N`; `wx` makes the check and the create one step. */
async function writeNew(path: string, text: string): Promise<string> {
  const stem = path.replace(/\.json$/, "");
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const candidate = n === 1 ? path : `${stem}-${n}.json`;
    try {
      await writeFile(candidate, text, { flag: "wx" });
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  throw new ConfigError(
    `cannot save the result: ${path} and ${MAX_SUFFIX - 1} numbered variants exist`,
  );
}
