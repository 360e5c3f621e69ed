import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../../src/result/result.js";
import { requireBuiltCli } from "../support/built-cli.js";
import { cli } from "../support/cli-in-process.js";
import { canMountDisks, mountSmallDisk } from "../support/small-disk.js";

let dir: string;

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "swarm-env-faults-"));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lines on stderr that are the CLI's own. */
const ownLines = (stderr: string) =>
  stderr.split("\n").filter((l) => l.startsWith("swarm-stress:"));

const readResult = (path: string) => JSON.parse(readFileSync(path, "utf8")) as RunResult;

describe.runIf(canMountDisks)("a disk that fills or turns read-only", () => {
  it("stops a run whose queue file fills the disk: one line, exit 3, a balanced partial result", async () => {
    const disk = mountSmallDisk(1024);
    try {
      const out = join(dir, "full.json");
      const run = await cli(
        [
          "run",
          ...["--queue", `sqlite:${join(disk.path, "q.db")}`],
          ...["--agents", "4", "--messages-per-agent", "2000", "--payload-size", "2000"],
          ...["--batch-size", "50", "--interval", "10ms", "--no-progress", "--out", out],
        ],
        dir,
      );
      expect(run.status).toBe(3);
      expect(ownLines(run.stderr)).toEqual([
        expect.stringMatching(/^swarm-stress: queue file .*q\.db: the disk is full/),
      ]);
      const result = readResult(out);
      expect(result.fault?.reason).toMatch(/the disk is full/);
      expect(result.stoppedEarly).toBe(true);
      expect(result.audit).toMatchObject({ balanced: true, lost: 0 });

      // Moved to a disk with room, the run resumes and finishes with nothing lost or doubled.
      const moved = join(dir, "moved");
      cpSync(disk.path, moved, { recursive: true });
      const resumed = await cli(
        ["run", "--resume", "--queue", `sqlite:${moved}/q.db`, "--json"],
        dir,
      );
      expect(resumed.status).toBe(0);
      const finished = JSON.parse(resumed.stdout) as RunResult;
      expect(finished.totals).toMatchObject({ generated: 8000, delivered: 8000, pending: 0 });
      expect(finished.audit).toMatchObject({ balanced: true, lost: 0, problems: [] });
    } finally {
      disk.unmount();
    }
  }, 60_000);

  it("says in one line, exit 3, that the result could not be saved on a full disk", async () => {
    const disk = mountSmallDisk(256);
    try {
      // Nearly full: room for the checks, none for a result of some kilobytes.
      writeFileSync(join(disk.path, "ballast"), Buffer.alloc(250 * 1024));
      const out = join(disk.path, "result.json");
      const run = await cli(
        ["run", "--agents", "2", "--messages-per-agent", "5", "--out", out],
        dir,
      );
      expect(run.status).toBe(3);
      expect(ownLines(run.stderr)).toEqual([
        `swarm-stress: cannot save the result to "${out}": no space left on the device`,
      ]);
    } finally {
      disk.unmount();
    }
  });

  it("refuses a queue on a read-only file system with one line and exit 3, changing nothing", async () => {
    const disk = mountSmallDisk(4096);
    try {
      const file = join(disk.path, "q.db");
      const first = await cli(
        ["run", "--queue", `sqlite:${file}`, "--agents", "2", "--messages-per-agent", "5"],
        dir,
      );
      expect(first.status).toBe(0);
      const before = readFileSync(file);
      disk.readOnly();
      const fresh = await cli(["run", "--queue", `sqlite:${join(disk.path, "new.db")}`], dir);
      expect(fresh.status).toBe(3);
      expect(ownLines(fresh.stderr)).toEqual([
        `swarm-stress: queue file ${join(disk.path, "new.db")} cannot be created in directory ${disk.path}: read-only file system`,
      ]);
      for (const args of [
        ["run", "--resume", "--queue", `sqlite:${file}`],
        ["queue", "requeue-dead", `sqlite:${file}`],
      ]) {
        const refused = await cli(args, dir);
        expect(refused.status, args.join(" ")).toBe(3);
        expect(ownLines(refused.stderr)).toEqual([
          `swarm-stress: queue file ${file} cannot be written: read-only file system`,
        ]);
      }
      expect(readFileSync(file).equals(before)).toBe(true);
    } finally {
      disk.unmount();
    }
  }, 60_000);
});

describe("a queue file that is ours but damaged", () => {
  it("is refused with exit 2 and left byte for byte as it was, without WAL files", async () => {
    const file = join(dir, "damaged.db");
    const made = await cli(
      ["run", "--queue", `sqlite:${file}`, "--agents", "2", "--messages-per-agent", "3"],
      dir,
    );
    expect(made.status, made.stdout + made.stderr).toBe(0);
    const db = new Database(file);
    db.pragma("journal_mode = DELETE");
    db.exec("DROP TABLE leases");
    db.close();
    const before = readFileSync(file);
    for (const args of [
      ["run", "--queue", `sqlite:${file}`],
      ["run", "--resume", "--queue", `sqlite:${file}`],
      ["queue", "requeue-dead", `sqlite:${file}`],
      ["queue", "inspect", `sqlite:${file}`],
    ]) {
      const refused = await cli(args, dir);
      expect(refused.status, args.join(" ")).toBe(2);
      expect(ownLines(refused.stderr), args.join(" ")).toEqual([
        `swarm-stress: queue file ${file} is corrupt: table leases missing`,
      ]);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
