import { execFileSync, spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleResult } from "../fixtures/result.js";
import { FIXTURES, type Outcome } from "../support/built-cli.js";
import { cli } from "../support/cli-in-process.js";

const SMALL = ["--agents", "2", "--messages-per-agent", "3", "--interval", "0", "--delay", "0"];

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "swarm-stress-roles-"));
  writeFileSync(join(dir, "run.yaml"), "agents: 2\nmessagesPerAgent: 3\n");
  writeFileSync(join(dir, "a.json"), JSON.stringify(sampleResult()));
  writeFileSync(join(dir, "b.json"), JSON.stringify(sampleResult()));
  copyFileSync(join(FIXTURES, "cores/echo.js"), join(dir, "core.js"));
  // A finished run leaves a real, reusable queue file behind.
  const made = await cli(["run", ...SMALL, "--queue", "sqlite:q.db", "--json"], dir);
  expect(made.status, made.stderr).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every file in `dir` that a refused command must leave byte for byte as it was. */
function snapshot(): Map<string, Buffer> {
  const files = ["run.yaml", "a.json", "b.json", "core.js", "q.db"];
  return new Map(files.map((name) => [name, readFileSync(join(dir, name))]));
}

/** Exit 2, one line naming the problem, no stack, and every input untouched. */
async function refused(args: readonly string[], message: RegExp): Promise<void> {
  const before = snapshot();
  const outcome = await cli(args, dir);
  expect(outcome.status, outcome.stderr).toBe(2);
  const lines = outcome.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^swarm-stress: /);
  expect(lines[0]).toMatch(message);
  expect(outcome.stderr).not.toMatch(/\n\s+at /);
  for (const [name, bytes] of before) {
    expect(readFileSync(join(dir, name)).equals(bytes), `${name} changed`).toBe(true);
  }
}

describe("run: an output that is an input or another output is refused before the run", () => {
  it("refuses an output naming the durable queue file", async () => {
    await refused(
      ["run", ...SMALL, "--queue", "sqlite:q.db", "--out", "q.db"],
      /the result and the queue file are the same file, "q\.db": name another$/,
    );
    await refused(
      ["run", ...SMALL, "--queue", "sqlite:q.db", "--html", "q.db"],
      /the HTML report and the queue file are the same file, "q\.db": name another$/,
    );
    await refused(
      ["run", ...SMALL, "--queue", "sqlite:q.db", "--junit", "./q.db"],
      /the JUnit report "\.\/q\.db" and the queue file "q\.db" are the same file/,
    );
  });

  it("refuses a record file naming the queue file or one of its WAL and shared-memory files", async () => {
    await refused(
      ["run", ...SMALL, "--queue", "sqlite:q.db", "--record", "q.db"],
      /the record file and the queue file are the same file, "q\.db"/,
    );
    await refused(
      ["run", ...SMALL, "--queue", "sqlite:q.db", "--record", "q.db-wal"],
      /the record file and the queue's WAL file are the same file, "q\.db-wal"/,
    );
    await refused(
      ["run", ...SMALL, "--queue", "sqlite:q.db", "--html", "q.db-shm"],
      /the HTML report and the queue's shared-memory file are the same file/,
    );
  });

  it("refuses an output that is a symbolic link to the config file", async () => {
    symlinkSync("run.yaml", join(dir, "link.html"));
    await refused(
      ["run", "--config", "run.yaml", "--interval", "0", "--delay", "0", "--html", "link.html"],
      /the HTML report "link\.html" and the config file "run\.yaml" are the same file: name another$/,
    );
  });

  it("refuses an output that is a hard link to the config file", async () => {
    linkSync(join(dir, "run.yaml"), join(dir, "hard.xml"));
    await refused(
      ["run", "--config", "run.yaml", "--interval", "0", "--delay", "0", "--junit", "hard.xml"],
      /the JUnit report "hard\.xml" and the config file "run\.yaml" are the same file/,
    );
  });

  it("refuses an output through a linked directory, and a link to a queue file not made yet", async () => {
    mkdirSync(join(dir, "sub"));
    symlinkSync("..", join(dir, "sub/up"));
    await refused(
      ["run", "--config", "run.yaml", "--interval", "0", "--delay", "0", "-o", "sub/up/run.yaml"],
      /the result "sub\/up\/run\.yaml" and the config file "run\.yaml" are the same file/,
    );
    symlinkSync("later.db", join(dir, "dangling.html"));
    await refused(
      ["run", ...SMALL, "--queue", "sqlite:later.db", "--html", "dangling.html"],
      /the HTML report "dangling\.html" and the queue file "later\.db" are the same file/,
    );
    expect(existsSync(join(dir, "later.db"))).toBe(false);
  });

  it("refuses an output naming the core module, and the queue file naming the config file", async () => {
    await refused(
      ["run", ...SMALL, "--core", "./core.js", "--record", "core.js"],
      /the record file "core\.js" and the core module "\.\/core\.js" are the same file/,
    );
    await refused(
      ["run", "--config", "run.yaml", "--queue", "sqlite:run.yaml"],
      /the config file and the queue file are the same file, "run\.yaml"/,
    );
  });

  it("refuses a record file that would replace a saved result", async () => {
    await refused(
      ["run", ...SMALL, "--record", "a.json"],
      /cannot save the record file to "a\.json": it holds a saved swarm-stress result/,
    );
  });

  it("lets reports go to devices such as /dev/null, which replace nothing", async () => {
    const outcome = await cli(
      ["run", ...SMALL, "--json", "--html", "/dev/null", "--junit", "/dev/null"],
      dir,
    );
    expect(outcome.status, outcome.stderr).toBe(0);
  });

  it("writes a report into a named pipe with a reader, as process substitution gives", async () => {
    const pipe = join(dir, "report.pipe");
    execFileSync("mkfifo", [pipe]);
    const reader = spawn("cat", [pipe]);
    let received = "";
    reader.stdout.on("data", (chunk: Buffer) => {
      received += chunk.toString();
    });
    const closed = new Promise((resolve) => reader.once("close", resolve));
    let outcome: Outcome;
    try {
      outcome = await cli(["run", ...SMALL, "--json", "--html", "report.pipe"], dir);
    } catch (error) {
      reader.kill();
      throw error;
    }
    await closed;
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(received).toMatch(/^<!doctype html>/);
  });

  it("refuses, on --resume, an output naming the record file saved with the run", async () => {
    const record = join(dir, "resumed.ndjson");
    // The run saves its configuration, record file included, in the queue file as it starts,
    // and the check reads it from there whether the run was cut short or not: a finished run
    // in this process makes the same file as one killed part-way would.
    const first = await cli(
      ["run", ...SMALL, "--queue", "sqlite:resume.db", "--record", "resumed.ndjson", "--json"],
      dir,
    );
    expect(first.status, first.stderr).toBe(0);
    const before = readFileSync(record);
    const outcome = await cli(
      ["run", "--queue", "sqlite:resume.db", "--resume", "--html", record],
      dir,
    );
    expect(outcome.status, outcome.stderr).toBe(2);
    expect(outcome.stderr).toMatch(
      /^swarm-stress: the HTML report ".*resumed\.ndjson" and the record file "resumed\.ndjson" are the same file: name another\n$/,
    );
    expect(readFileSync(record).equals(before)).toBe(true);
  });
});

describe("report and compare: an output that is an input is refused", () => {
  it("refuses a report written over the result it reads, by name or through links", async () => {
    await refused(
      ["report", "a.json", "-o", "a.json"],
      /the result read and the HTML report are the same file, "a\.json": name another$/,
    );
    symlinkSync("a.json", join(dir, "a-link.html"));
    await refused(
      ["report", "a.json", "-o", "a-link.html"],
      /the result read "a\.json" and the HTML report "a-link\.html" are the same file/,
    );
    linkSync(join(dir, "a.json"), join(dir, "a-hard.xml"));
    await refused(
      ["report", "a.json", "--junit", "a-hard.xml"],
      /the result read "a\.json" and the JUnit report "a-hard\.xml" are the same file/,
    );
  });

  it("refuses a compare report written over the base or the candidate", async () => {
    await refused(
      ["compare", "a.json", "b.json", "--html", "a.json"],
      /the base and the compare report are the same file, "a\.json"/,
    );
    symlinkSync("b.json", join(dir, "b-link.html"));
    await refused(
      ["compare", "a.json", "b.json", "--html", "b-link.html"],
      /the candidate "b\.json" and the compare report "b-link\.html" are the same file/,
    );
  });

  it("warns when base and candidate are one file through a link", async () => {
    symlinkSync("a.json", join(dir, "same-as-a.json"));
    const outcome = await cli(["compare", "a.json", "same-as-a.json", "--json"], dir);
    expect(outcome.status, outcome.stderr).toBe(0);
    expect(outcome.stderr).toContain("the base and the candidate are the same file");
  });
});
