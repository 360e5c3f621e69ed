/**
 * The capacity search on Redis with worker processes: every step a distributed run of its own.
 * Its ground truth is what the same pipeline settles a second once overloaded, measured by the
 * search's own failing steps.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blindBandWarning } from "../../src/capacity/blind-band.js";
import type { CapacityDocument } from "../../src/capacity/capacity-document.js";
import { findCapacity } from "../../src/capacity/find-capacity.js";
import { requireBuiltCli } from "../support/built-cli.js";
import { freshStream } from "../support/redis.js";
import { PrivateRedis, redisServerInstalled } from "../support/redis-server.js";

/** A Redis of this file's own: no other client's traffic moves the rates this search measures. */
let redis: PrivateRedis | undefined;

beforeAll(async () => {
  // The workers run the built CLI.
  requireBuiltCli();
  if (redisServerInstalled) redis = await PrivateRedis.start();
});
afterAll(() => redis?.dispose());

async function search(): Promise<CapacityDocument> {
  return findCapacity({
    settings: {
      queue: (redis as PrivateRedis).url(freshStream("capacity")),
      workers: 2,
      agents: 4,
      types: ["direct"],
      // Two workers of four 10 ms deliveries at a time: a few hundred a second. Batches of 10
      // keep what a 1 s step forgives as in flight (a batch per worker) within 3% of the rate.
      delay: "10ms",
      concurrency: 4,
      batchSize: 10,
      interval: 0,
      seed: 8,
    },
    search: {
      slo: ["latency.endToEnd.p99<1s"],
      startRate: 100,
      maxRate: 10_000,
      resolution: 0.04,
      stepMs: 1000,
      warmupMs: 500,
      confirmMs: 2000,
      backlogTolerance: 0.01,
    },
  });
}

/** What the pipeline settled a second at the first ramp step it could not sustain. */
function overloadedRate(doc: CapacityDocument): number {
  const failed = doc.steps.find(
    (step) => step.phase === "ramp" && step.verdict === "not sustained",
  );
  return failed?.settledPerSec ?? 0;
}

describe.skipIf(!redisServerInstalled)("findCapacity with Redis workers", () => {
  it("finds what the pipeline settles once overloaded, within 10%, with every step its own run", async () => {
    const found = (d: CapacityDocument) => d.outcome.sustainedRate ?? d.outcome.range?.[1] ?? 0;
    const near = (d: CapacityDocument) =>
      ["found", "unconfirmed"].includes(d.outcome.verdict) &&
      Math.abs(found(d) / overloadedRate(d) - 1) <= 0.1;
    // One more try when a noisy moment of a shared machine broke the first.
    let doc = await search();
    if (!near(doc)) doc = await search();
    const detail = JSON.stringify(doc.steps.map((s) => [s.phase, s.rate, s.verdict, s.reasons]));
    expect(["found", "unconfirmed"], detail).toContain(doc.outcome.verdict);
    const overloaded = overloadedRate(doc);
    expect(overloaded, detail).toBeGreaterThan(200);
    expect(found(doc) / overloaded, detail).toBeGreaterThan(0.9);
    expect(found(doc) / overloaded, detail).toBeLessThan(1.1);
    const judged = doc.steps.filter((step) => step.phase !== "warm-up");
    for (const step of judged.filter((s) => s.verdict === "sustained")) {
      // Both workers delivered, and the Redis queue kept when it accepted each message.
      expect(step.endToEndUncorrected?.count, `${step.rate}/s`).toBe(step.endToEnd.count);
      expect(step.sentPerSec / step.offeredPerSec).toBeGreaterThan(0.98);
    }
    expect(judged.at(-1)?.phase).toBe("confirm");
    // The document says what its steps could not tell apart at the rate it found, exactly when
    // the forgiven batches exceed the resolution there (a slow moment finds a lower rate).
    const rate = found(doc);
    const band = blindBandWarning({
      rate,
      stepMs: Math.max(1000, (200 / rate) * 1000),
      batchSize: 10,
      consumers: 2,
      resolution: 0.04,
    });
    expect(doc.warnings.filter((w) => w.includes("cannot tell apart"))).toEqual(
      band === undefined ? [] : [band],
    );
  }, 180_000);
});
