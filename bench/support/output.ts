import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatQuestion } from "./format.js";
import type { QuestionReport } from "./question.js";

/** Where each bench saves its machine-readable copy (git-ignored). */
export const RESULTS_DIR = join(import.meta.dirname, "..", "results");

/** The path of a bench's saved report. */
export function reportPath(name: string): string {
  return join(RESULTS_DIR, `${name}.json`);
}

/** Print `report` on stdout and save it as JSON for `scripts/bench-docs.ts`. */
export function publish(report: QuestionReport): void {
  process.stdout.write(formatQuestion(report));
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(reportPath(report.name), `${JSON.stringify(report, null, 2)}\n`);
}
