import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appliesLoad, YOUNG_GENERATION_CAP_BYTES } from "../../src/cli/young-generation.js";
import { FIXTURES } from "../support/built-cli.js";

const CHURN = join(FIXTURES, "young-generation", "churn.mjs");
const CAP_MB = YOUNG_GENERATION_CAP_BYTES / 2 ** 20;

interface Sizes {
  readonly afterStartUp: number;
  readonly afterRun: number;
}

function churn(mode: "governed" | "free"): Sizes {
  return JSON.parse(execFileSync(process.execPath, [CHURN, mode], { encoding: "utf8" })) as Sizes;
}

describe("the bin's young generation", () => {
  it("stays small while starting, grows for a busy run, and stops at its cap", () => {
    const free = churn("free");
    // Left alone, V8 grows it past the cap: the test would see no difference otherwise.
    expect(free.afterRun).toBeGreaterThan(CAP_MB);
    const governed = churn("governed");
    // Held: usually its initial 2 MB; V8 still adds a few pages now and then on a busy machine.
    expect(governed.afterStartUp).toBeLessThan(CAP_MB);
    expect(governed.afterStartUp).toBeLessThan(free.afterStartUp / 4);
    expect(governed.afterRun).toBeGreaterThan(governed.afterStartUp);
    expect(governed.afterRun).toBeLessThanOrEqual(CAP_MB);
  });
});

describe("which starts hold it", () => {
  it("the commands that apply load, not help, listings or reports", () => {
    for (const args of [
      ["run"],
      ["run", "--json"],
      ["capacity", "--rate", "10"],
      ["bench"],
      ["worker"],
    ]) {
      expect(appliesLoad(args), args.join(" ")).toBe(true);
    }
    for (const args of [
      [],
      ["--help"],
      ["--version"],
      ["scenarios"],
      ["report", "r.json"],
      ["schema"],
    ]) {
      expect(appliesLoad(args), args.join(" ")).toBe(false);
    }
  });
});
