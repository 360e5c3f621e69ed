import { readdirSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ConfigError } from "../errors.js";
import { checkResultPath, RESULTS_DIR } from "../report/json.js";
import { makeDirectories } from "../util/make-directories.js";

/** Numbered variants of an output directory tried before giving up. */
const MAX_SUFFIX = 1000;

/**
 * Create the directory the suite's (or a side-by-side comparison's) files go to and return its
 * path; shared by both so neither ever overwrites a result. The default is
 * `results/PREFIX-<time>` (`bench`, `bench-queues`), checked as able to hold `summaryFile`; a
 * taken name (or an explicit `--out` that is not an empty directory)
 * gets `-2`, `-3`, … so no earlier result is ever overwritten. Claimed before the suite runs,
 * so a path that cannot be written fails in a moment rather than after minutes; `created`
 * says whether it is ours to remove again if the suite never starts.
 */
export async function claimDirectory(
  out: string | undefined,
  summaryFile: string,
  prefix = "bench",
): Promise<{ path: string; created: boolean }> {
  const base = out ?? join(RESULTS_DIR, `${prefix}-${fileTimestamp(new Date())}`);
  checkResultPath(join(base, summaryFile));
  try {
    await makeDirectories(dirname(base));
    for (let n = 1; n <= MAX_SUFFIX; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      try {
        await mkdir(candidate);
        return { path: candidate, created: true };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        if (n === 1 && out !== undefined && isEmptyDirectory(candidate)) {
          return { path: candidate, created: false };
        }
      }
    }
  } catch (error) {
    throw new ConfigError(`cannot save the results to "${base}": ${(error as Error).message}`);
  }
  throw new ConfigError(`cannot save the results: ${base} and ${MAX_SUFFIX - 1} variants exist`);
}

function isEmptyDirectory(path: string): boolean {
  try {
    return readdirSync(path).length === 0;
  } catch {
    return false;
  }
}

/** `2026-11-27T13:05:09.123Z` → `2026-11-27T13-05-09Z`: safe in file names everywhere. */
function fileTimestamp(time: Date): string {
  return time
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replace(/:/g, "-");
}
