import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type TestPlan, testPlan } from "../scripts/support/test-plan.js";
import config from "../vitest.config.js";
import { LONG_POLES, QUIET, SYSTEM, SYSTEM_QUIET, TIMING } from "./setup/project-files.js";

// A file renamed or moved would drop out of its project's list unnoticed: `main` would take it
// back, beside files it was kept apart from, or a list would name nothing.
const LISTS = { TIMING, QUIET, SYSTEM, SYSTEM_QUIET, LONG_POLES };

describe("the suite's project lists", () => {
  it.each(Object.entries(LISTS))("%s names test files that are there, each once", (_, files) => {
    for (const file of files) {
      expect(file).toMatch(/^test\/.+\.test\.ts$/);
      expect(existsSync(file), file).toBe(true);
    }
    expect(new Set(files).size).toBe(files.length);
  });

  it("puts no file in two projects", () => {
    const listed = [...TIMING, ...QUIET, ...SYSTEM, ...SYSTEM_QUIET];
    expect(listed.filter((file, i) => listed.indexOf(file) !== i)).toEqual([]);
  });

  it("starts first only files of the projects that run several at once", () => {
    const oneAtATime = new Set([...TIMING, ...QUIET, ...SYSTEM_QUIET]);
    expect(LONG_POLES.filter((file) => oneAtATime.has(file))).toEqual([]);
  });
});

/** The projects a plan runs, in order. */
const projectsOf = (plan: TestPlan): string[] =>
  plan.phases.flatMap((phase) => phase.flatMap((run) => run.projects));

describe("the test runner's plan (scripts/run-tests.ts)", () => {
  const projects = (config.test?.projects ?? []).map(
    (project) => (project as { test: { name: string } }).test.name,
  );

  it("runs every project of vitest.config.ts once between `npm test` and `npm run test:system`", () => {
    const run = [...projectsOf(testPlan([])), ...projectsOf(testPlan(["--system"]))];
    expect([...run].sort()).toEqual([...projects].sort());
  });

  it("runs the timing files beside the main files, which yield, and the quiet files after both", () => {
    const { phases, closing } = testPlan([]);
    expect(phases.map((phase) => phase.map((run) => [run.projects, run.yields]))).toEqual([
      [
        [["main"], true],
        [["timing"], false],
      ],
      [[["quiet"], false]],
    ]);
    expect(closing).toContain("npm run test:system");
  });

  it("runs the system files alone with --system, which vitest never sees", () => {
    const plan = testPlan(["--system", "--reporter", "dot"]);
    expect(projectsOf(plan)).toEqual(["system", "system-quiet"]);
    expect(plan.vitestArgs).toEqual(["--reporter", "dot"]);
    expect(plan.closing).toBeUndefined();
  });

  it("runs the system files a filter names too, so that a filter finds any file", () => {
    const plan = testPlan(["test/queue/redis-outage.test.ts"]);
    expect(projectsOf(plan)).toEqual(["main", "timing", "quiet", "system", "system-quiet"]);
    expect(plan.vitestArgs).toEqual(["test/queue/redis-outage.test.ts"]);
    expect(plan.closing).toBeUndefined();
  });
});
