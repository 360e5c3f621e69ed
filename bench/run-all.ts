/**
 * `npm run bench` (after `npm run build`): every bench in sequence, each in a process of its
 * own so one's heap and JIT state do not colour the next, then docs/benchmarks.md regenerated
 * from their saved reports. A target that fails is a finding, not an error: the exit code is
 * non-zero only when a bench could not run.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { QUESTIONS } from "./support/questions.js";

const ROOT = join(import.meta.dirname, "..");

/** Run a TypeScript file under tsx in a child process; true when it exited 0. */
function runScript(path: string): boolean {
  const child = spawnSync(process.execPath, ["--import", "tsx", path], {
    cwd: ROOT,
    stdio: "inherit",
  });
  return child.status === 0;
}

const failed: string[] = [];
for (const question of QUESTIONS) {
  process.stdout.write(`\n== bench/${question.name}.ts\n\n`);
  if (!runScript(join("bench", `${question.name}.ts`))) failed.push(question.name);
}
process.stdout.write("\n== scripts/bench-docs.ts\n\n");
if (!runScript(join("scripts", "bench-docs.ts"))) failed.push("bench-docs");
if (failed.length > 0) {
  process.stderr.write(`bench: these did not run to the end: ${failed.join(", ")}\n`);
  process.exitCode = 1;
}
