import type { PerformanceObserver } from "node:perf_hooks";

/** node:v8 and node:perf_hooks load only for a command that applies load, not for `--help`. */
const v8 = () => process.getBuiltinModule("node:v8");
const perfHooks = () => process.getBuiltinModule("node:perf_hooks");

/**
 * How large V8's young generation (its "new space", both halves) may grow in swarm-stress's
 * own process.
 *
 * V8 grows the young generation whenever many objects survive its collections, and keeps what
 * it grew. On Node.js 24 it may grow to 128 MB, four times Node.js 20's limit; loading modules
 * alone (everything loaded survives) grew it to 16 MB before a run had sent a message. A
 * harness shares its machine with what it stresses, so the command line holds the young
 * generation small while it starts (at its initial 2 MB; V8 still adds a page now and then),
 * and once a run's work calls for it (load-tuning.ts) lets it grow to
 * {@link YOUNG_GENERATION_CAP_BYTES}. Measured on the firehose: a larger one bought no
 * throughput, a smaller one promoted messages still in flight to the old generation, which
 * cost throughput and held more memory.
 *
 * Node.js reads the cap's own flag (`--max-semi-space-size`) only when it starts, so the cap
 * is kept by turning V8's growth factor to 1 (no growth) once the young generation reaches it;
 * V8 reads that factor each time it would grow. bench/memory.ts shows what this holds on the
 * Node.js it runs on, and test/cli/young-generation.test.ts that it holds at all.
 */
export const YOUNG_GENERATION_CAP_BYTES = 16 * 1024 * 1024;

/** V8's own default growth factor. */
const GROWTH_FACTOR = 2;

/** Whether this process's entry point (the `swarm-stress` bin) took charge of V8's sizing. */
let governing = false;
let observer: PerformanceObserver | undefined;

/** The commands that apply load, and so hold the young generation from the start. */
const LOAD_COMMANDS = new Set(["run", "capacity", "bench", "worker"]);

/** Whether the bin's arguments `args` name a command that applies load. */
export function appliesLoad(args: readonly string[]): boolean {
  const command = args.find((arg) => !arg.startsWith("-"));
  return command !== undefined && LOAD_COMMANDS.has(command);
}

/**
 * Keep the young generation at the size it has now. Called by the bin only: a program that
 * runs the command line in its own process (`main(argv, io)`) keeps its own sizing.
 */
export function holdYoungGeneration(): void {
  governing = true;
  observer?.disconnect();
  observer = undefined;
  v8().setFlagsFromString("--semi-space-growth-factor=1");
}

/**
 * Let the young generation grow, up to {@link YOUNG_GENERATION_CAP_BYTES}, when the bin holds
 * it; otherwise nothing. Checked after every collection rather than once: V8 also shrinks the
 * young generation when the process idles, and a later busy phase (the next step of a
 * capacity search) may need it grown again.
 */
export function letYoungGenerationGrow(): void {
  if (!governing || observer) return;
  let factor = 0;
  const steer = (): void => {
    const next = youngGenerationBytes() >= YOUNG_GENERATION_CAP_BYTES ? 1 : GROWTH_FACTOR;
    if (next === factor) return;
    factor = next;
    v8().setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  };
  steer();
  observer = new (perfHooks().PerformanceObserver)(steer);
  observer.observe({ entryTypes: ["gc"] });
}

/** The young generation's current size (both of its halves), bytes. */
export function youngGenerationBytes(): number {
  for (const space of v8().getHeapSpaceStatistics()) {
    if (space.space_name === "new_space") return space.space_size;
  }
  return 0;
}
