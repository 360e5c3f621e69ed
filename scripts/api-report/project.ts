import { join } from "node:path";
import { type ApiReport, generateApiReport } from "./generate.js";
import { compilerOptionsOf } from "./program.js";

const ROOT = join(import.meta.dirname, "..", "..");

/** The committed report; `test/api-report.test.ts` holds the code to it. */
export const REPORT_FILE = join(ROOT, "api", "swarm-stress.api.md");

/** The report of this project's public API, `src/index.ts`, as the code stands. */
export function projectApiReport(): ApiReport {
  return generateApiReport({
    entry: join(ROOT, "src", "index.ts"),
    root: ROOT,
    compilerOptions: compilerOptionsOf(join(ROOT, "tsconfig.json")),
    title: "swarm-stress",
  });
}
