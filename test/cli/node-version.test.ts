import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REQUIRED_NODE, unsupportedNode } from "../../src/cli/node-version.js";
import { BIN, requireBuiltCli } from "../support/built-cli.js";

/** A Node.js older than the project needs, where the machine has one (these come with 20). */
const OLD_NODE = "/usr/bin/node";
const oldNodeVersion = existsSync(OLD_NODE)
  ? execFileSync(OLD_NODE, ["-p", "process.versions.node"], { encoding: "utf8" }).trim()
  : undefined;
const hasOldNode = oldNodeVersion !== undefined && unsupportedNode(oldNodeVersion) !== undefined;
if (!hasOldNode) {
  console.warn(
    `\n!!! SKIPPING the older-Node.js start test: ${OLD_NODE} is missing or not older than ${REQUIRED_NODE}.\n`,
  );
}

describe("the Node.js version", () => {
  it("is the one package.json's engines names", () => {
    const engines = (
      JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } }
    ).engines.node;
    const [major, minor] = REQUIRED_NODE.split(".");
    expect(engines).toBe(`>=${major}.${minor}`);
  });

  it("refuses anything older, and accepts that one and anything newer", () => {
    expect(unsupportedNode("20.20.2")).toBe(
      `needs Node.js ${REQUIRED_NODE} or newer, this is 20.20.2: install Node.js 24 (see the README)`,
    );
    expect(unsupportedNode("22.11.0")).toMatch(/^needs Node\.js/);
    expect(unsupportedNode("18.19.1")).toMatch(/^needs Node\.js/);
    expect(unsupportedNode(REQUIRED_NODE)).toBeUndefined();
    expect(unsupportedNode("23.0.0")).toBeUndefined();
    expect(unsupportedNode("24.21.0")).toBeUndefined();
  });

  it.skipIf(!hasOldNode)(
    "started with an older Node.js, the CLI says so in one line, exit 3",
    () => {
      requireBuiltCli();
      const child = spawnSync(OLD_NODE, [BIN, "run"], { encoding: "utf8", timeout: 30_000 });
      expect(child.stderr).toBe(
        `swarm-stress: needs Node.js ${REQUIRED_NODE} or newer, this is ${oldNodeVersion}: install Node.js 24 (see the README)\n`,
      );
      expect(child.stdout).toBe("");
      expect(child.status).toBe(3);
    },
  );
});
