import { defineConfig } from "vitest/config";
import { LongPolesFirst } from "./test/setup/long-poles-first.js";

/**
 * Tests whose claims are about time (a figure against the core's own clock, CPU and lag
 * sampling, a capacity search's steps): one file at a time, at normal priority, with a Redis
 * of their own where they need one. `npm test` (scripts/run-tests.ts) runs them beside the
 * `main` files, which yield the CPU to them (test/setup/yield-cpu.ts).
 */
const TIMING = [
  "test/capacity/find-capacity.test.ts",
  "test/run/open-load.test.ts",
  "test/run/measurement-truth.test.ts",
  "test/run/open-load-truth.test.ts",
  "test/cli/capacity-command.test.ts",
  "test/distributed/distributed-truth.test.ts",
  "test/processor/core-time.test.ts",
  "test/metrics/sampler.test.ts",
  "test/delivery/mock.test.ts",
];

/**
 * Claims about time that the rest of the suite would break: sleep precision (a wake-up a
 * millisecond late), and the capacity search with worker processes, whose ground truth is the
 * rate the machine settles (beside the main files its harness made messages 70 ms late at
 * 100/s, so two of three tries failed in one run). These run last, alone, one file at a time.
 */
const QUIET = [
  "test/util/precise-sleep.test.ts",
  "test/util/kernel-sleep.test.ts",
  "test/capacity/find-capacity-workers.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    reporters: ["default", "./test/setup/retry-reporter.ts"],
    sequence: { sequencer: LongPolesFirst },
    projects: [
      {
        extends: true,
        test: {
          name: "main",
          // Vitest would use one fork on a 2-core machine; most of these tests wait on
          // processes, servers and timers rather than compute, so more keep both cores busy. The
          // files that wait most run their own tests side by side, so three forks do what four
          // did before (four measured the same wall time, with more contention; six made the
          // shared brokers, at normal priority, crowd out the timing files beside them).
          maxWorkers: 3,
          isolate: false,
          include: ["test/**/*.test.ts"],
          exclude: [...TIMING, ...QUIET],
          setupFiles: ["test/setup/yield-cpu.ts"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "timing",
          include: TIMING,
          fileParallelism: false,
          // A claim about time must hold on one of three runs: beside the main files on a shared
          // 2-core machine, a moment of it now and then breaks a bound that holds otherwise (each
          // CI run of a day met another one). A test that is wrong fails all three; the output
          // names every test that passed only on a retry (test/setup/retry-reporter.ts).
          retry: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "quiet",
          include: QUIET,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
