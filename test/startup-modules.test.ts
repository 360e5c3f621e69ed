import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, FIXTURES, ROOT, requireBuiltCli } from "./support/built-cli.js";
import { cli } from "./support/cli-in-process.js";
import { REDIS_URL, redisAvailable } from "./support/redis.js";

/**
 * What starting swarm-stress loads, module by module: the command line loads only the command
 * it runs, and the library loads its heavy packages where they are first used. Timings would
 * flake on a busy machine; the list of modules does not, and a static import that drags one
 * back in shows here at once. bench/startup.ts measures what this buys.
 */

/** Packages that each take tens of ms to load: none belongs on a start-up path. */
const HEAVY = [
  "zod",
  "yaml",
  "hdr-histogram-js",
  "msgpackr",
  "better-sqlite3",
  "@redis/client",
  "@nats-io/transport-node",
  "@nats-io/jetstream",
  "@nats-io/nats-core",
  "amqplib",
  "bullmq",
  "pg-boss",
  "pg",
  "cli-progress",
  "@a2a-js/sdk",
  "@opentelemetry/api",
  "@opentelemetry/sdk-metrics",
  "@opentelemetry/resources",
  "@opentelemetry/exporter-metrics-otlp-http",
  "@opentelemetry/otlp-exporter-base",
  "@opentelemetry/otlp-transformer",
];

const HOOK = pathToFileURL(join(FIXTURES, "preload", "loaded-modules.mjs")).href;
const INDEX = pathToFileURL(join(ROOT, "dist", "index.js")).href;

let dir = "";
beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), "startup-modules-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a start loaded: the heavy packages among its modules, ours, and zod's locales. */
interface Loaded {
  readonly heavy: string[];
  readonly ours: string[];
  readonly zodLocales: string[];
  /** The modules of node-redis's core package, as paths inside it. */
  readonly redisClient: string[];
}

/** Run `node ...args` with the recording hook; what it loaded. Fails unless it exits 0. */
function loadedBy(args: readonly string[]): Loaded {
  const file = join(dir, "loaded.txt");
  const run = spawnSync(process.execPath, ["--import", HOOK, ...args], {
    cwd: dir,
    encoding: "utf8",
    timeout: 20_000,
    env: { ...process.env, LOADED_MODULES_FILE: file, NO_COLOR: "1" },
  });
  expect(run.status, run.stderr).toBe(0);
  const urls = readFileSync(file, "utf8").split("\n");
  const packageOf = (url: string) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  return {
    heavy: HEAVY.filter((name) => urls.some((url) => packageOf(url) === name)),
    ours: urls.filter((url) => url.includes("/dist/")).map((url) => url.replace(/.*\/dist\//, "")),
    zodLocales: urls.flatMap((url) => /\/zod\/v4\/locales\/(.*)$/.exec(url)?.[1] ?? []),
    redisClient: urls.flatMap((url) => /\/@redis\/client\/(.*)$/.exec(url)?.[1] ?? []),
  };
}

describe("start-up", () => {
  it("`--help` loads the command line's shell and none of the commands", () => {
    const loaded = loadedBy([BIN, "--help"]);
    expect(loaded.heavy).toEqual([]);
    // main, the process, the program, its error lines, the command list and the V8 settings a
    // load command would hold (load-tuning.ts and its two): not a command.
    expect(loaded.ours.filter((m) => m.endsWith("-command.js"))).toEqual([]);
    expect(loaded.ours.length, loaded.ours.join("\n")).toBeLessThanOrEqual(17);
  });

  it("`scenarios` loads its own command and the scenario list, not the report stack", () => {
    const loaded = loadedBy([BIN, "scenarios"]);
    expect(loaded.heavy).toEqual([]);
    expect(loaded.ours.filter((m) => m.endsWith("-command.js"))).toEqual([
      "cli/scenarios-command.js",
    ]);
    expect(loaded.ours.length, loaded.ours.join("\n")).toBeLessThanOrEqual(20);
  });

  it('`import("swarm-stress")` loads none of the heavy packages nor a run\'s machinery', () => {
    const loaded = loadedBy(["-e", `import(${JSON.stringify(INDEX)})`]);
    expect(loaded.heavy).toEqual([]);
    expect(loaded.ours).not.toContain("run/execute-run.js");
    expect(loaded.ours).not.toContain("processor/processor.js");
    // The runner, the settings' checks and every report load with their first call (src/api/).
    expect(loaded.ours).not.toContain("run/runner.js");
    expect(loaded.ours).not.toContain("config/run-settings.js");
    expect(loaded.ours.filter((m) => m.startsWith("report/"))).toEqual([]);
    // The constants, the errors, MockCore and MemoryQueue are what is left: 162 modules before
    // the drivers' loading was deferred, 121 before the functions' and the runner's, 31 since.
    expect(loaded.ours.length, loaded.ours.join("\n")).toBeLessThanOrEqual(35);
  });

  it("a `--json` run on the in-process queue loads what it measures with, and nothing else", () => {
    const args = ["run", "--agents", "2", "--messages-per-agent", "5", "--interval", "0"];
    const loaded = loadedBy([BIN, ...args, "--json", "-o", join(dir, "r.json")]);
    // The settings' checks; no file queue, Redis, YAML, progress bar, or the HdrHistogram
    // library the histograms are checked against in tests.
    expect(loaded.heavy).toEqual(["zod"]);
    // zod without the locales it would load with itself (src/util/zod.ts): English only.
    expect(loaded.zodLocales).toEqual(["en.cjs"]);
    expect(loaded.ours.filter((m) => m.startsWith("report/html/"))).toEqual([]);
    // Nor what only a queue file, a record file or the printed summary needs.
    for (const unused of [
      "run/durable-run.js",
      "queue/sqlite/inspect.js",
      "metrics/outcome-log.js",
      "report/console.js",
    ]) {
      expect(loaded.ours).not.toContain(unused);
    }
  });

  it.skipIf(!redisAvailable)(
    "a run on Redis loads node-redis's client from the build's one-file bundle, none of the package's modules",
    async () => {
      const queue = `${REDIS_URL}?stream=startup-modules-${process.pid}`;
      const args = ["run", "--queue", queue, "--agents", "2", "--messages-per-agent", "2"];
      const loaded = loadedBy([BIN, ...args, "--json", "-o", join(dir, "redis.json")]);
      await cli(["queue", "purge", queue], dir); // the stream and its run ledger
      expect(loaded.ours).toContain("vendor/redis-client.cjs");
      expect(loaded.redisClient).toEqual([]);
    },
  );

  it("a durable driver loads its codec as it opens, not on a run's first message", () => {
    // Opening is a run's set-up; msgpackr's load and first calls (~20 ms) on the first
    // enqueue or lease would fall inside the run's clock (message-codec.ts, prepareCodec).
    const sqlite = pathToFileURL(join(ROOT, "dist", "queue", "sqlite", "sqlite.js")).href;
    const file = JSON.stringify(join(dir, "codec.db"));
    const opens = `import(${JSON.stringify(sqlite)}).then(({ SqliteQueue }) => SqliteQueue.open(${file}).close())`;
    expect(loadedBy(["-e", opens]).heavy).toEqual(["msgpackr", "better-sqlite3"]);
  });

  it("still loads each package when it is used: the hook sees what it should", () => {
    // `schema` builds the settings' schema, so zod loads: the checks above are not vacuous.
    expect(loadedBy([BIN, "schema"]).heavy).toEqual(["zod"]);
    const checked = `import(${JSON.stringify(INDEX)}).then((api) => api.resolveConfig({ agents: 4 }))`;
    expect(loadedBy(["-e", checked]).heavy).toEqual(["zod"]);
    // A run that exports loads the OpenTelemetry SDK (here to a collector that is not there).
    const exporting = ["run", "--agents", "2", "--messages-per-agent", "5", "--interval", "0"];
    const otlp = ["--otlp", "http://127.0.0.1:1", "--json", "-o", join(dir, "otlp.json")];
    expect(loadedBy([BIN, ...exporting, ...otlp]).heavy).toEqual(
      expect.arrayContaining([
        "@opentelemetry/api",
        "@opentelemetry/sdk-metrics",
        "@opentelemetry/exporter-metrics-otlp-http",
      ]),
    );
  });
});
