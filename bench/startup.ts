/**
 * Question 12, start-up: does the command line answer `--help` and `scenarios`, and does
 * `import("swarm-stress")` resolve, in at most twice the time Node.js takes to start and do
 * nothing? Each is a fresh `node` process on the built package, timed from spawn to exit; the
 * rounds interleave the four so a slow moment of the machine hits each about alike, and each
 * ratio is taken within a round (see `pairedRatios`). Run alone with
 * `npm run build && npx tsx bench/startup.ts`.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { publish } from "./support/output.js";
import { peakMemoryOf } from "./support/peak-rss.js";
import { describeMachine, figure, median, pairedRatios } from "./support/question.js";
import { questionEntry } from "./support/questions.js";

const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "dist", "cli", "main.js");
const BUILT = join(ROOT, "dist", "index.js");
/** Rounds of the four starts; the medians of this many settle within a few ms on a quiet machine. */
const ROUNDS = 9;
/** The most each start may take, as a multiple of `node -e 0`. */
const TARGET_RATIO = 2;

/** One kind of start: what `node` is given. */
interface Start {
  readonly label: string;
  readonly args: readonly string[];
}

const BARE: Start = { label: "node -e 0", args: ["-e", "0"] };
const MEASURED: readonly Start[] = [
  { label: "swarm-stress --help", args: [BIN, "--help"] },
  { label: "swarm-stress scenarios", args: [BIN, "scenarios"] },
  {
    label: 'import("swarm-stress")',
    args: ["-e", `import(${JSON.stringify(pathToFileURL(BUILT).href)})`],
  },
];

/** Spawn `node` with `args` and wait for it; the wall time in ms. Throws unless it exits 0. */
function timeStart(start: Start): number {
  const began = performance.now();
  const child = spawnSync(process.execPath, start.args, {
    cwd: ROOT,
    stdio: "ignore",
    timeout: 60_000,
  });
  const elapsed = performance.now() - began;
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`${start.label} exited ${child.status}`);
  return elapsed;
}

function main(): void {
  for (const file of [BIN, BUILT]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  const started = performance.now();
  // One start of each first, unmeasured: the files come into the page cache, as they are for
  // anyone who starts swarm-stress twice.
  for (const start of [BARE, ...MEASURED]) timeStart(start);
  const bare: number[] = [];
  const times = MEASURED.map((): number[] => []);
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(timeStart(BARE));
    for (const [i, start] of MEASURED.entries()) times[i]?.push(timeStart(start));
  }
  const peakRssMB = (start: Start): number => peakMemoryOf(start.args, ROOT).peakRssMB;
  const bareRss = median([0, 1, 2].map(() => peakRssMB(BARE)));
  const helpRss = median([0, 1, 2].map(() => peakRssMB(MEASURED[0] as Start)));
  const { title } = questionEntry("startup");
  publish({
    schema: "swarm-stress/bench-question@1",
    name: "startup",
    title: `${title}: --help, scenarios and import against node -e 0`,
    question:
      'Do `swarm-stress --help`, `swarm-stress scenarios` and `import("swarm-stress")` each take at most twice as long as Node.js starting and doing nothing?',
    at: new Date().toISOString(),
    durationMs: performance.now() - started,
    machine: describeMachine(),
    figures: [
      figure(BARE.label, median(bare), "ms"),
      ...MEASURED.flatMap((start, i) => {
        const own = times[i] ?? [];
        return [
          figure(start.label, median(own), "ms"),
          figure(`${start.label} / node -e 0`, median(pairedRatios(own, bare)), "x", {
            kind: "atMost",
            value: TARGET_RATIO,
          }),
        ];
      }),
      figure("peak RSS, node -e 0", bareRss, "MB"),
      figure("peak RSS, swarm-stress --help", helpRss, "MB"),
    ],
    notes: [
      `${ROUNDS} rounds, each starting node -e 0 then the three in turn, after one unmeasured start of each; times are wall time from spawn to exit (spawnSync, performance.now()), medians over the rounds; each ratio is the median of the rounds' own ratios`,
      'import("swarm-stress") is `node -e \'import("<dist/index.js>")\'`: the package\'s entry point, loaded and evaluated, nothing called',
      "what keeps them quick: the command line loads only the command it runs (the others are listed by name and description); the library's import loads its constants, errors, MockCore and MemoryQueue, and each function and the runner load their modules on their first call (src/api/), zod, yaml, msgpackr and better-sqlite3 where they are first used; test/startup-modules.test.ts keeps those off the start-up paths",
      "peak RSS: the process's own maximum resident set size on exit (a preloaded bench/support/peak-rss.mjs, in both), median of three",
    ],
  });
}

main();
