import { defineConfig } from "vitest/config";

/**
 * Tests whose claims are about time (a figure against the core's own clock, sleep precision,
 * CPU and lag sampling, a capacity search's steps): they run after the rest, one file at a
 * time, so no other test file competes with them for the CPU.
 */
const TIMING = [
  "test/run/measurement-truth.test.ts",
  "test/run/open-load-truth.test.ts",
  "test/run/open-load.test.ts",
  "test/cli/capacity-command.test.ts",
  "test/capacity/find-capacity.test.ts",
  "test/capacity/find-capacity-workers.test.ts",
  "test/distributed/distributed-truth.test.ts",
  "test/util/precise-sleep.test.ts",
  "test/util/kernel-sleep.test.ts",
  "test/processor/core-time.test.ts",
  "test/metrics/sampler.test.ts",
  "test/delivery/mock.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "main",
          // Vitest would use one fork on a 2-core machine; most of these tests wait on
          // processes, servers and timers rather than compute, so three keep both cores busy.
          maxWorkers: 3,
          include: ["test/**/*.test.ts"],
          exclude: TIMING,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "timing",
          include: TIMING,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
