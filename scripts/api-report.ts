/**
 * Write api/swarm-stress.api.md: every export of src/index.ts with its signature, so a change to
 * the public API shows in review as a change to that file. Run with `npm run api` after a
 * deliberate change.
 *
 * `--check` (part of `npm run lint`, which CI runs) writes nothing and fails, in one line each,
 * when the committed file is not what the code gives or an export has no TSDoc comment: a
 * static check of the code, like the type check beside it, it costs some 6 s of CPU that the
 * test suite no longer pays. test/api-report.test.ts tests the generator on small projects of
 * its own, and what the committed report says.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { projectApiReport, REPORT_FILE } from "./api-report/project.js";

const check = process.argv.includes("--check");
const report = projectApiReport();
const file = relative(process.cwd(), REPORT_FILE);
if (check) {
  const committed = existsSync(REPORT_FILE) ? readFileSync(REPORT_FILE, "utf8") : "";
  if (report.text !== committed) {
    console.error(
      `${file} is not what src/index.ts exports: if the change is meant, run npm run api and commit the report with it`,
    );
    process.exitCode = 1;
  } else {
    console.log(`${file} is what src/index.ts exports`);
  }
} else {
  writeFileSync(REPORT_FILE, report.text);
  console.log(`wrote ${file}`);
}
if (report.undocumented.length > 0) {
  console.error(`exports without a TSDoc comment: ${report.undocumented.join(", ")}`);
  process.exitCode = 1;
}
