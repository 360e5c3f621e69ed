import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
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
