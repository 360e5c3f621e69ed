/**
 * Write api/swarm-stress.api.md: every export of src/index.ts with its signature, so a change to
 * the public API shows in review as a change to that file. `test/api-report.test.ts` fails when
 * the committed file is not what the code gives. Run with `npm run api` after a deliberate change.
 */
import { writeFileSync } from "node:fs";
import { relative } from "node:path";
import { projectApiReport, REPORT_FILE } from "./api-report/project.js";

const report = projectApiReport();
writeFileSync(REPORT_FILE, report.text);
console.log(`wrote ${relative(process.cwd(), REPORT_FILE)}`);
if (report.undocumented.length > 0) {
  console.error(`exports without a TSDoc comment: ${report.undocumented.join(", ")}`);
  process.exitCode = 1;
}
