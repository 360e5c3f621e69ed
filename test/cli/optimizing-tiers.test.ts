import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, requireBuiltCli } from "../support/built-cli.js";

const TIERS = join(FIXTURES, "optimizing-tiers", "tiers.mjs");

describe("the bin's optimising tiers", () => {
  it("stay off while held, through an idle spell, and come back once the process is busy", () => {
    requireBuiltCli();
    const seen = JSON.parse(
      execFileSync(process.execPath, ["--allow-natives-syntax", TIERS], { encoding: "utf8" }),
    );
    expect(seen).toEqual({
      whileHeld: false,
      heldAfterIdle: true,
      heldAfterBusy: false,
      optimisedAfterBusy: true,
    });
  });
});
