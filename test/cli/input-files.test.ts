import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleResult } from "../fixtures/result.js";
import { requireBuiltCli } from "../support/built-cli.js";
import { expectRefused } from "../support/cli-in-process.js";

let dir: string;

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-inputs-"));
  writeFileSync(join(dir, "a.json"), JSON.stringify(sampleResult()));
  // Nothing ever writes to these pipes: a reader that opens one blocks for good.
  for (const name of ["pipe.yaml", "pipe.json", "pipe-core.js"]) {
    execFileSync("mkfifo", [join(dir, name)]);
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Exit 2 at once with one line matching `message`: no hang, no stack, no internal error. */
async function refused(args: readonly string[], message: RegExp): Promise<void> {
  await expectRefused(args, dir, message);
}

describe("a config file that is not a regular file, too large, or hostile", () => {
  it("refuses a FIFO instead of waiting for a writer", async () => {
    await refused(
      ["run", "--config", "pipe.yaml"],
      /^swarm-stress: cannot read config file "pipe\.yaml": it is a named pipe \(FIFO\), not a regular file$/,
    );
  });

  it("refuses /dev/zero instead of reading forever", async () => {
    await refused(
      ["run", "--config", "/dev/zero"],
      /^swarm-stress: cannot read config file "\/dev\/zero": it is a character device, not a regular file$/,
    );
  });

  it("refuses a file above 1 MiB, even one that is valid YAML", async () => {
    const big = join(dir, "big.yaml");
    const settings = "agents: 2\nmessagesPerAgent: 1\ninterval: 0\ndelay: 0\n";
    writeFileSync(big, settings + `# ${"x".repeat(100)}\n`.repeat(11_000));
    await refused(
      ["run", "--config", big, "--json"],
      /cannot read config file ".*big\.yaml": it is larger than the limit of 1 MiB$/,
    );
  });

  it("refuses a YAML alias bomb (billion laughs) as bad input", async () => {
    const bomb = join(dir, "bomb.yaml");
    const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i);
      const previous = String.fromCharCode(96 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
    }
    writeFileSync(bomb, `${lines.join("\n")}\n`);
    const before = readFileSync(bomb);
    await refused(
      ["run", "--config", bomb],
      /bomb\.yaml: cannot expand the document: Excessive alias count/,
    );
    expect(readFileSync(bomb).equals(before)).toBe(true);
  });
});

describe("a saved result that is not a regular file or is huge", () => {
  it("refuses a FIFO for report and compare", async () => {
    await refused(
      ["report", "pipe.json"],
      /^swarm-stress: pipe\.json: is a named pipe \(FIFO\), not a regular file$/,
    );
    await refused(
      ["compare", "a.json", "pipe.json"],
      /^swarm-stress: pipe\.json: is a named pipe \(FIFO\), not a regular file$/,
    );
  });

  it("refuses a file above 256 MiB without reading it", async () => {
    const huge = join(dir, "huge.json");
    writeFileSync(huge, "");
    // Sparse: takes no disk space, but its size says 300 MiB.
    truncateSync(huge, 300 * 1024 * 1024);
    await refused(
      ["report", "huge.json"],
      /^swarm-stress: huge\.json: is larger than the limit of 256 MiB$/,
    );
  });
});

describe("a core module that is not a regular file", () => {
  it("is refused before it is imported, by run and by bench", async () => {
    await refused(
      ["run", "--core", "./pipe-core.js", "--interval", "0"],
      /^swarm-stress: core module \.\/pipe-core\.js: it is a named pipe \(FIFO\), not a regular file$/,
    );
    await refused(
      ["bench", "--core", "./pipe-core.js", "--only", "small", "--json"],
      /^swarm-stress: core module \.\/pipe-core\.js: it is a named pipe \(FIFO\), not a regular file$/,
    );
  });
});
