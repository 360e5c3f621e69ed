import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgressBar, wantsProgress } from "../../src/cli/progress-bar.js";
import type { ProgressSnapshot } from "../../src/run/options.js";

/** A writable that claims to be a terminal and keeps what is written. */
function fakeTerminal(): Writable & { isTTY: boolean; columns: number; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return Object.assign(stream, { isTTY: true, columns: 120, text: () => chunks.join("") });
}

function snapshot(settled: number): ProgressSnapshot {
  return {
    elapsedMs: 1500,
    total: 900,
    generated: 900,
    settled,
    delivered: settled,
    deadLettered: 0,
    failed: 0,
    ratePerSec: 1234.4,
    endToEndP99Ms: 3.456,
    depth: 12,
  };
}

describe("wantsProgress", () => {
  it("shows a bar only on a terminal, without --json or --no-progress", () => {
    expect(wantsProgress({ isTTY: true, progress: true, json: false })).toBe(true);
    expect(wantsProgress({ isTTY: false, progress: true, json: false })).toBe(false);
    expect(wantsProgress({ isTTY: true, progress: false, json: false })).toBe(false);
    expect(wantsProgress({ isTTY: true, progress: true, json: true })).toBe(false);
  });
});

describe("createProgressBar", () => {
  it("shows settled/total, the rate and the live p99", () => {
    const terminal = fakeTerminal();
    const bar = createProgressBar(terminal);
    bar.update(snapshot(450));
    bar.update(snapshot(600));
    bar.stop();
    const text = terminal.text();
    expect(text).toContain("450/900 settled");
    expect(text).toContain("1,234 msg/s");
    expect(text).toContain("p99 3.46 ms");
  });

  it("stays gone after stop, even if snapshots still arrive", () => {
    const terminal = fakeTerminal();
    const bar = createProgressBar(terminal);
    bar.update(snapshot(1));
    bar.stop();
    const length = terminal.text().length;
    bar.update(snapshot(2));
    bar.stop();
    expect(terminal.text()).toHaveLength(length);
  });
});
