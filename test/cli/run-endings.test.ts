import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../../src/result/result.js";
import {
  FIXTURES,
  requireBuiltCli,
  sleep,
  spawnCli,
  startCli,
  untilExists,
} from "../support/built-cli.js";

let dir: string;

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-endings-"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A run long enough to be stopped from outside: 3 000 messages, 10 per 100 ms. */
const SLOW = ["--agents", "3", "--messages-per-agent", "1000", "--interval", "100ms"];

/** Lines on stderr that are the CLI's own, as a CI log reader would grep them. */
const ownLines = (stderr: string) =>
  stderr.split("\n").filter((l) => l.startsWith("swarm-stress:"));

function readResult(path: string): RunResult {
  return JSON.parse(readFileSync(path, "utf8")) as RunResult;
}

describe("how a run ends", () => {
  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGHUP", 129],
    ["SIGINT", 130],
  ] as const) {
    it(`stops on ${signal} like Ctrl-C: partial result saved, balanced audit, exit ${code}`, async () => {
      const out = join(dir, `${signal}.json`);
      // The record file appears once the run is under way, its signal handlers in place.
      const record = join(dir, `${signal}.ndjson`);
      const run = startCli(
        ["run", ...SLOW, "--no-progress", "--out", out, "--record", record],
        dir,
      );
      await untilExists(record);
      await sleep(300);
      run.child.kill(signal);
      const { code: exit } = await run.exited;
      const stderr = run.stderr();
      expect(exit).toBe(code);
      expect(stderr).toContain(`stopping on ${signal}`);
      expect(stderr).not.toMatch(/internal error|at .*\.js:\d+/);
      const result = readResult(out);
      expect(result.stoppedEarly).toBe(true);
      expect(result.totals.pending).toBeGreaterThan(0);
      expect(result.audit).toMatchObject({ balanced: true, lost: 0, problems: [] });
    }, 30_000);
  }

  it("stops a run whose core calls process.exit, says so in one line, and saves the result", () => {
    const out = join(dir, "exit.json");
    const run = spawnCli(
      [
        "run",
        ...["--core", join(FIXTURES, "cores/exit-mid-run.js")],
        ...["--agents", "3", "--messages-per-agent", "200", "--interval", "0"],
        ...["--no-progress", "--out", out],
      ],
      dir,
    );
    expect(run.status).toBe(3);
    const lines = ownLines(run.stderr);
    expect(lines).toEqual([
      "swarm-stress: the delivery core called process.exit(0) during the run, which stopped it",
    ]);
    expect(run.stderr).toContain(`result saved to ${out}`);
    const result = readResult(out);
    expect(result.stoppedEarly).toBe(true);
    expect(result.audit.balanced).toBe(true);
    expect(result.totals.delivered).toBeGreaterThan(0);
  });

  it("stops a bench suite whose core calls process.exit, keeping what it measured", () => {
    const out = join(dir, "bench-exit");
    const run = spawnCli(
      ["bench", "--core", join(FIXTURES, "cores/exit-mid-run.js"), "--out", out, "--json"],
      dir,
    );
    expect(run.status).toBe(3);
    expect(ownLines(run.stderr)).toEqual([
      "swarm-stress: the delivery core called process.exit(0) during the suite, which stopped it",
    ]);
    const summary = JSON.parse(run.stdout) as { rows: { name: string; auditBalanced: boolean }[] };
    expect(summary.rows.length).toBeGreaterThan(0);
    expect(summary.rows.every((row) => row.auditBalanced)).toBe(true);
    expect(existsSync(join(out, `${summary.rows[0]?.name}.json`))).toBe(true);
  });

  it("keeps a finished run's result when the core's close never settles", () => {
    const out = join(dir, "close.json");
    const started = Date.now();
    const run = spawnCli(
      [
        "run",
        ...["--core", join(FIXTURES, "cores/close-hangs.js")],
        ...["--agents", "2", "--messages-per-agent", "5", "--interval", "0"],
        ...["--close-timeout", "300ms", "--no-progress", "--out", out],
      ],
      dir,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(run.status).toBe(0);
    const result = readResult(out);
    expect(result.totals.delivered).toBe(10);
    expect(result.warnings.join()).toMatch(/close did not finish within 0.3 s/);
  });

  it("ends a run whose core's init never settles with one line and exit 3", () => {
    const out = join(dir, "init.json");
    const run = spawnCli(
      [
        "run",
        ...["--core", join(FIXTURES, "cores/init-hangs.js")],
        ...["--init-timeout", "300ms", "--no-progress", "--out", out],
      ],
      dir,
    );
    expect(run.status).toBe(3);
    expect(ownLines(run.stderr)).toEqual([
      "swarm-stress: core init-hangs did not finish initialising within 0.3 s",
    ]);
    expect(existsSync(out)).toBe(false);
  });
});
