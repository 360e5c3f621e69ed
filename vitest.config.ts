import { defineConfig } from "vitest/config";
import { LongPolesFirst } from "./test/setup/long-poles-first.js";
import { QUIET, SYSTEM, SYSTEM_QUIET, TIMING } from "./test/setup/project-files.js";

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
          // processes, servers and timers rather than compute, so more keep both cores busy.
          // Measured on 2 cores, with the system files apart: three forks kept 1.5 cores busy
          // (the files' wall times summed to three times the run's), four took main from 92 to
          // 83-85 s, five gained nothing and starved a test of CPU.
          maxWorkers: 4,
          isolate: false,
          include: ["test/**/*.test.ts"],
          exclude: [...TIMING, ...QUIET, ...SYSTEM, ...SYSTEM_QUIET],
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
      {
        extends: true,
        test: {
          name: "system",
          include: SYSTEM,
          // As `main`: most of their time is waiting on processes, servers and a browser.
          maxWorkers: 3,
          isolate: false,
          sequence: { groupOrder: 3 },
        },
      },
      {
        extends: true,
        test: {
          name: "system-quiet",
          include: SYSTEM_QUIET,
          fileParallelism: false,
          sequence: { groupOrder: 4 },
        },
      },
    ],
  },
});
