/**
 * The test files of each vitest project but `main`, which takes every other one
 * (vitest.config.ts), and the files started first (test/setup/long-poles-first.ts).
 * test/suite-layout.test.ts checks that each list names files that are there.
 */

/**
 * Tests whose claims are about time (a figure against the core's own clock, CPU and lag
 * sampling, a capacity search's steps): one file at a time, at normal priority, with a Redis
 * of their own where they need one. `npm test` (scripts/run-tests.ts) runs them beside the
 * `main` files, which yield the CPU to them (test/setup/yield-cpu.ts).
 */
export const TIMING = [
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
 * millisecond late). These run last, alone, one file at a time.
 */
export const QUIET = ["test/util/precise-sleep.test.ts", "test/util/kernel-sleep.test.ts"];

/**
 * Tests of the whole system under faults, and of what only a browser shows: processes killed
 * (runs, workers, coordinators, capacity searches), servers stopped and restarted under a run,
 * searches stepping through worker processes, and the HTML reports in Chromium. They take about
 * two fifths of the suite's CPU, so `npm test` leaves them to `npm run test:system`, which CI runs
 * after it: the first stays a quick loop, and nothing goes untested.
 */
export const SYSTEM = [
  "test/cli/broker-kills.test.ts",
  "test/distributed/worker-killed.test.ts",
  "test/distributed/redis-outage.test.ts",
  "test/queue/redis-outage.test.ts",
  "test/run/crash-resume.test.ts",
  "test/reliability/matrix-sqlite.test.ts",
  "test/reliability/matrix-redis.test.ts",
  "test/distributed/coordination.test.ts",
  "test/capacity/find-capacity-same-workers.test.ts",
  "test/cli/capacity-workers.test.ts",
  "test/report/html/browser.test.ts",
  "test/report/html/dashboard-browser.test.ts",
];

/**
 * The capacity search with worker processes, whose ground truth is the rate the machine settles
 * (beside the main files its harness made messages 70 ms late at 100/s, so two of three tries
 * failed in one run): after the other system files, alone.
 */
export const SYSTEM_QUIET = ["test/capacity/find-capacity-workers.test.ts"];

/**
 * The files that take longest (7-25 s, waiting on brokers, processes, browsers and timeouts
 * rather than computing), by their durations on a 2-core machine: `main`'s, then `system`'s.
 * Started first, they run beside the many short files instead of after them.
 */
export const LONG_POLES = [
  "test/queue/postgres.test.ts",
  "test/cli/postgres-run.test.ts",
  "test/queue/amqp-conformance.test.ts",
  "test/cli/dashboard.test.ts",
  "test/cli/bench-queues.test.ts",
  "test/cli/nats-queue.test.ts",
  "test/agents/chaos-agents.test.ts",
  "test/cli/queue-ownership.test.ts",
  "test/capacity/find-capacity-same-workers.test.ts",
  "test/distributed/redis-outage.test.ts",
  "test/report/html/dashboard-browser.test.ts",
  "test/cli/broker-kills.test.ts",
  "test/distributed/coordination.test.ts",
  "test/report/html/browser.test.ts",
  "test/distributed/worker-killed.test.ts",
  "test/cli/capacity-workers.test.ts",
  "test/reliability/matrix-redis.test.ts",
];
