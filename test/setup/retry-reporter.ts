import { relative } from "node:path";
import type { Reporter, TestCase } from "vitest/node";

/**
 * Names, once the run ends, every test that passed only on a retry (the timing project retries
 * its claims about time, vitest.config.ts), with how its earlier tries failed: vitest's own
 * summary counts those as passed.
 */
export default class RetryReporter implements Reporter {
  private readonly retried: string[] = [];

  onTestCaseResult(testCase: TestCase): void {
    const retries = testCase.diagnostic()?.retryCount ?? 0;
    if (retries === 0 || testCase.result().state !== "passed") return;
    const file = relative(testCase.project.config.root, testCase.module.moduleId);
    this.retried.push(`${file} > ${testCase.fullName}: passed on try ${retries + 1}`);
    // What broke the earlier tries, for the next look at the bound: vitest keeps their errors.
    for (const error of testCase.result().errors ?? []) {
      this.retried.push(`    failed with: ${firstLine(error.message)}`);
    }
  }

  onTestRunEnd(): void {
    if (this.retried.length === 0) return;
    process.stdout.write(
      `\nPassed only on a retry:\n${this.retried.map((line) => `  ${line}\n`).join("")}`,
    );
  }
}

/** The first line of `text`, at most 300 characters. */
function firstLine(text: string | undefined): string {
  return (text ?? "").split("\n")[0]?.slice(0, 300) ?? "";
}
