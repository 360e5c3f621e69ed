import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  BUSY_SHARE,
  CHECK_MS,
  stopWatching,
  WINDOW_MS,
  WORK_MS,
  whenBusy,
} from "../../src/cli/busy-watch.js";
import { cli } from "../support/cli-in-process.js";

/**
 * The rule that lets V8 compile a light run (load-tuning.ts), on a scripted clock and CPU: the
 * process's CPU time is what `process.cpuUsage` says, so the test says it, at a share of the
 * (fake) wall time that it sets and changes.
 */
let share = 0;
let cpuUs = 0;
let lastMs = 0;

function cpuNow(): NodeJS.CpuUsage {
  const now = performance.now();
  cpuUs += (now - lastMs) * 1000 * share;
  lastMs = now;
  return { user: cpuUs, system: 0 };
}

/** From here on, the clock is fake and the CPU time what {@link share} makes it. */
function useScriptedTime(): void {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "performance"] });
  share = 0;
  cpuUs = 0;
  lastMs = performance.now();
  vi.spyOn(process, "cpuUsage").mockImplementation(cpuNow);
}

afterEach(() => {
  stopWatching();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Advance the clock by `ms`, using `using` of a core meanwhile; whether `onBusy` ran by then. */
function spend(ms: number, using: number, onBusy: ReturnType<typeof vi.fn>): boolean {
  cpuNow();
  share = using;
  vi.advanceTimersByTime(ms);
  return onBusy.mock.calls.length > 0;
}

describe("whenBusy", () => {
  beforeEach(() => {
    // A watch on the real clock would make these a no-op (one watch at a time); the test below
    // checks that the command line leaves none.
    stopWatching();
    useScriptedTime();
  });

  it("calls once a quarter of a core is used over a whole second, not sooner", () => {
    const onBusy = vi.fn();
    whenBusy(onBusy);
    // A start-up burst at a full core, shorter than the window, is not a busy process.
    expect(spend(WINDOW_MS - 2 * CHECK_MS, 1, onBusy)).toBe(false);
    expect(spend(2 * CHECK_MS, BUSY_SHARE + 0.05, onBusy)).toBe(true);
    expect(onBusy).toHaveBeenCalledTimes(1);
  });

  it("judges the last second: a light start and an idle spell do not count, a busy second does", () => {
    const onBusy = vi.fn();
    whenBusy(onBusy);
    expect(spend(5 * WINDOW_MS, BUSY_SHARE - 0.05, onBusy)).toBe(false);
    expect(spend(2 * WINDOW_MS, 0.01, onBusy)).toBe(false);
    // Then a second at a third of a core.
    expect(spend(WINDOW_MS + CHECK_MS, 1 / 3, onBusy)).toBe(true);
  });

  it("calls at any pace once the watch has seen the CPU time compiling pays for", () => {
    const onBusy = vi.fn();
    const pace = BUSY_SHARE / 2;
    whenBusy(onBusy);
    const untilWork = WORK_MS / pace;
    expect(spend(untilWork - 2 * CHECK_MS, pace, onBusy)).toBe(false);
    expect(spend(3 * CHECK_MS, pace, onBusy)).toBe(true);
  });

  it("keeps one watch at a time, and stops without calling", () => {
    const first = vi.fn();
    const second = vi.fn();
    whenBusy(first);
    whenBusy(second);
    expect(spend(2 * WINDOW_MS, 1, first)).toBe(true);
    expect(second).not.toHaveBeenCalled();
    const stopped = vi.fn();
    whenBusy(stopped);
    stopWatching();
    expect(spend(2 * WINDOW_MS, 1, stopped)).toBe(false);
  });
});

describe("a program that runs the command line in its own process", () => {
  it("is left no watch by a run: only the bin holds V8's settings, so only it watches", async () => {
    const dir = mkdtempSync(join(tmpdir(), "busy-watch-"));
    try {
      // A light run (its pace bounded by the interval): a bin would watch until it is busy.
      const run = ["run", "--agents", "2", "--messages-per-agent", "3", "--interval", "10ms"];
      const outcome = await cli([...run, "--json", "-o", "r.json"], dir);
      expect(outcome.status, outcome.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A watch the run left would still be on, and this one would not start.
    useScriptedTime();
    const onBusy = vi.fn();
    whenBusy(onBusy);
    expect(spend(2 * WINDOW_MS, 1, onBusy)).toBe(true);
  });
});
