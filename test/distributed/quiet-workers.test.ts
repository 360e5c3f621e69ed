import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, requireBuiltCli } from "../support/built-cli.js";
import { freshStream, redisAvailable, streamUrl } from "../support/redis.js";

const RUN = join(FIXTURES, "distributed", "run-with-workers.mjs");

/** The workers run the built CLI, and so does the fixture. */
beforeAll(() => requireBuiltCli());

async function run(notices: boolean): Promise<{ stderr: string; balanced: boolean }> {
  const url = streamUrl(freshStream("quiet"));
  const args = [RUN, url, notices ? "notices" : "silent"];
  const { stdout, stderr } = await promisify(execFile)(process.execPath, args, {
    timeout: 60_000,
  });
  return { stderr, balanced: (JSON.parse(stdout) as { balanced: boolean }).balanced };
}

describe.skipIf(!redisAvailable).concurrent("local workers of a distributed run", () => {
  it("say nothing routine when the run says nothing (a capacity search's steps)", async () => {
    const { stderr, balanced } = await run(false);
    expect(balanced).toBe(true);
    expect(stderr).toBe("");
  }, 90_000);

  it("say when they joined and what they did when the run has notices", async () => {
    const { stderr, balanced } = await run(true);
    expect(balanced).toBe(true);
    expect(stderr).toMatch(/local worker\(s\) started/);
    expect(stderr).toMatch(/worker \S+ joined run \S+/);
    expect(stderr).toMatch(/worker \S+ done: 40 delivered/);
  }, 90_000);
});
