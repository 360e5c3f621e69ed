/**
 * A capacity search with workers starts its local worker processes once: the same processes
 * serve every step (each step still a run of its own), one killed is replaced for the next step,
 * and none is left once the search is over.
 */
import { describe, expect, it } from "vitest";
import type { CapacityDocument } from "../../src/capacity/capacity-document.js";
import { type CapacityOptions, findCapacity } from "../../src/capacity/find-capacity.js";
import type { TimelineView } from "../../src/run/options.js";
import { requireBuiltCli } from "../support/built-cli.js";
import { freshStream, redisAvailable, streamUrl } from "../support/redis.js";
import { until } from "../support/until.js";

/** Each step's worker ids, as its run's live views named them. */
interface Watched {
  readonly doc: CapacityDocument;
  /** Per step, in order: the worker ids its run saw. */
  readonly workersByStep: Set<string>[];
}

/** A short search (a warm-up and two ramp steps) with two workers, its steps watched. */
async function watchedSearch(
  onView?: (step: number, view: TimelineView) => void,
  settings: Partial<CapacityOptions["settings"]> = {},
): Promise<Watched> {
  const workersByStep: Set<string>[] = [];
  const doc = await findCapacity({
    settings: {
      queue: streamUrl(freshStream("same-workers")),
      workers: 2,
      agents: 4,
      types: ["direct"],
      delay: "1ms",
      concurrency: 4,
      batchSize: 10,
      interval: 0,
      seed: 3,
      ...settings,
    },
    search: {
      slo: ["latency.endToEnd.p99<5s"],
      startRate: 200,
      maxRate: 400,
      resolution: 0.1,
      stepMs: 1000,
      warmupMs: 2000,
      confirmMs: 1000,
      backlogTolerance: 0.5,
    },
    onStepStart: () => {
      workersByStep.push(new Set());
    },
    onTimeline: (view) => {
      const step = workersByStep.length - 1;
      for (const worker of view.workers ?? []) workersByStep[step]?.add(worker.id);
      onView?.(step, view);
    },
  });
  return { doc, workersByStep };
}

/** The process id in a worker id (`HOST-PID-RANDOM`). */
function pidOf(workerId: string): number {
  return Number(workerId.split("-").at(-2));
}

function pidsOf(ids: Set<string> | undefined): number[] {
  return [...(ids ?? [])].map(pidOf).sort((a, b) => a - b);
}

function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Side by side: each test is a search of its own, on a stream of its own, waiting on its steps.
describe.skipIf(!redisAvailable)("a capacity search with workers", { concurrent: true }, () => {
  it("serves every step with the same two processes, each step a run of its own, and leaves none", async () => {
    requireBuiltCli();
    const { doc, workersByStep } = await watchedSearch();
    const detail = JSON.stringify(doc.steps.map((s) => [s.phase, s.rate, s.verdict, s.reasons]));
    // Two steps at least: a busy moment may find the harness unable to offer a rate and end the
    // search early, which changes nothing of who served its steps.
    expect(doc.steps.length, detail).toBeGreaterThanOrEqual(2);
    expect(workersByStep).toHaveLength(doc.steps.length);
    const first = pidsOf(workersByStep[0]);
    expect(first).toHaveLength(2);
    expect(first).not.toContain(process.pid);
    for (const [step, ids] of workersByStep.entries()) {
      // Two workers joined each step's run, under ids of that run, in the same two processes.
      expect(ids.size, `step ${step}`).toBe(2);
      expect(pidsOf(ids), `step ${step}`).toEqual(first);
      if (step > 0) for (const id of ids) expect(workersByStep[step - 1]).not.toContain(id);
    }
    await until(() => first.every((pid) => !exists(pid)), 5_000);
  }, 60_000);

  it("replaces a worker killed during a step for the next step, and leaves none", async () => {
    requireBuiltCli();
    let killed: number | undefined;
    const { doc, workersByStep } = await watchedSearch(
      (step, view) => {
        // A second into the warm-up, one worker dies: its leased messages go to the other.
        if (step !== 0 || killed !== undefined || (view.workers ?? []).length < 2) return;
        killed = pidOf(view.workers?.[0]?.id ?? "");
        process.kill(killed, "SIGKILL");
      },
      { heartbeat: "2s", visibilityTimeout: "2s" },
    );
    expect(killed).toBeGreaterThan(0);
    expect(doc.steps.length).toBeGreaterThanOrEqual(2);
    const warmup = pidsOf(workersByStep[0]);
    const survivor = warmup.find((pid) => pid !== killed) as number;
    for (const ids of workersByStep.slice(1)) {
      const pids = pidsOf(ids);
      // The survivor and one new process, the same one for every later step.
      expect(pids).toHaveLength(2);
      expect(pids).toContain(survivor);
      expect(pids).not.toContain(killed);
      expect(pids).toEqual(pidsOf(workersByStep[1]));
    }
    const all = workersByStep.flatMap(pidsOf);
    await until(() => all.every((pid) => !exists(pid)), 5_000);
  }, 90_000);
});
