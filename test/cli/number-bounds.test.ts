import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuiltCli } from "../support/built-cli.js";
import { expectRefused } from "../support/cli-in-process.js";

/** More digits than a double holds: it parses to Infinity. */
const HUGE = "9".repeat(400);
/** Enough batches that an endless pause after one of them would hang the run. */
const MANY_BATCHES = ["--agents", "2", "--messages-per-agent", "20", "--batch-size", "1"];

let dir: string;

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-bounds-"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Exit 2 at once with one short line matching `message`: the 400 digits are cut short. */
async function refused(args: readonly string[], message: RegExp): Promise<void> {
  expect((await expectRefused(args, dir, message)).length).toBeLessThan(200);
}

describe("numbers beyond any sane range are refused before the run", () => {
  it("refuses a 400-digit interval instead of pausing forever", async () => {
    await refused(
      ["run", ...MANY_BATCHES, "--delay", "0", "--interval", HUGE],
      /^swarm-stress: --interval: invalid duration "9{24}…" \(400 characters\): at most 2147483647ms/,
    );
  });

  it("refuses type weights whose sum is Infinity instead of sending one type", async () => {
    await refused(
      ["run", "--types", "direct=1e308,broadcast=1e308", "--json"],
      /^swarm-stress: --types: the weights add up to more than the largest number/,
    );
  });

  it("refuses the same values from a config file, naming the line and the setting", async () => {
    const weights = join(dir, "weights.yaml");
    writeFileSync(weights, "types:\n  direct: 1e308\n  broadcast: 1e308\n");
    await refused(
      ["run", "--config", weights, "--json"],
      /weights\.yaml:1: types: the weights add up to more than the largest number/,
    );
    const interval = join(dir, "interval.yaml");
    writeFileSync(interval, `agents: 2\nmessagesPerAgent: 20\nbatchSize: 1\ninterval: ${HUGE}ms\n`);
    await refused(
      ["run", "--config", interval, "--delay", "0"],
      /interval\.yaml:4: interval: invalid duration "9{24}…" \(402 characters\)/,
    );
    const seed = join(dir, "seed.yaml");
    writeFileSync(seed, "seed: 99999999999999999999\n");
    await refused(["run", "--config", seed], /seed\.yaml:1: seed: must be at most 4294967295/);
    expect(readFileSync(seed, "utf8")).toBe("seed: 99999999999999999999\n");
  });

  it("refuses a compare tolerance of 400 digits, cut short", async () => {
    await refused(
      ["compare", "a.json", "b.json", "--tolerance", `${HUGE}%`],
      /^swarm-stress: --tolerance: must be below 1000%, got "9{24}…" \(401 characters\)$/,
    );
  });
});
