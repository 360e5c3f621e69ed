import { describe, expect, it } from "vitest";
import { type AuditGroup, type AuditInput, auditRun } from "../../src/run/audit.js";

const balanced: AuditInput = {
  generated: 100,
  generatorCount: 100,
  queueDeadLettered: 6,
  delivered: 90,
  deadLettered: 6,
  dropped: 0,
  queued: 3,
  unsent: 1,
  settledDistinct: 96,
  duplicates: 0,
  partitions: [
    [
      { label: "type direct", generated: 60, delivered: 55, deadLettered: 3, dropped: 0 },
      { label: "type broadcast", generated: 40, delivered: 35, deadLettered: 3, dropped: 0 },
    ],
  ],
};

describe("auditRun", () => {
  it("balances when generated = delivered + dead-lettered + pending", () => {
    const audit = auditRun(balanced);
    expect(audit).toMatchObject({ balanced: true, lost: 0, pending: 4, problems: [] });
  });

  it("balances an open run's dropped arrivals as their own line, overall and per slice", () => {
    const partitions = [
      [
        { label: "type direct", generated: 70, delivered: 55, deadLettered: 3, dropped: 10 },
        { label: "type broadcast", generated: 50, delivered: 35, deadLettered: 3, dropped: 10 },
      ],
    ];
    const open = { ...balanced, generated: 120, generatorCount: 120, dropped: 20, partitions };
    expect(auditRun(open)).toMatchObject({ balanced: true, lost: 0, pending: 4 });
    // Dropped arrivals are not pending: counted as such, the books would not close.
    const uncounted = auditRun({ ...open, dropped: 0 });
    expect(uncounted.lost).toBe(20);
    expect(uncounted.problems.join()).toMatch(/type slices add up/);
    // A slice's drops must add up to the run's, even when everything else does.
    const [direct, broadcast] = partitions[0] as [AuditGroup, AuditGroup];
    const skewed = [[{ ...direct, dropped: 9 }, broadcast]];
    const problems = auditRun({ ...open, partitions: skewed }).problems;
    expect(problems).toEqual([
      "type slices add up to 120 generated / 96 settled / 19 dropped, totals say 120 / 96 / 20",
    ]);
  });

  it("reports lost messages", () => {
    const audit = auditRun({ ...balanced, queued: 0, unsent: 0 });
    expect(audit.balanced).toBe(false);
    expect(audit.lost).toBe(4);
    expect(audit.problems[0]).toMatch(/4 message\(s\) lost/);
  });

  it("reports outcomes beyond what was generated", () => {
    const audit = auditRun({ ...balanced, delivered: 95, settledDistinct: 101 });
    expect(audit.balanced).toBe(false);
    expect(audit.problems.join()).toMatch(/more than messages/);
  });

  it("catches settled counts that disagree with distinct sequence numbers", () => {
    const audit = auditRun({ ...balanced, settledDistinct: 95 });
    expect(audit.balanced).toBe(false);
    expect(audit.problems.join()).toMatch(/95 distinct/);
  });

  it("catches a slice that does not add up to the totals", () => {
    const partitions = [
      [{ label: "type direct", generated: 100, delivered: 80, deadLettered: 6, dropped: 0 }],
    ];
    const audit = auditRun({ ...balanced, partitions });
    expect(audit.balanced).toBe(false);
    expect(audit.problems.join()).toMatch(/type slices add up to 100 generated \/ 86 settled/);
  });

  it("catches counters that disagree with the generator's or the queue's own", () => {
    expect(auditRun({ ...balanced, generatorCount: 101 }).problems.join()).toMatch(
      /generator made 101/,
    );
    expect(auditRun({ ...balanced, queueDeadLettered: 5 }).problems.join()).toMatch(
      /queue holds 5 dead letter/,
    );
  });

  it("counts duplicates without failing the run", () => {
    const audit = auditRun({ ...balanced, duplicates: 2 });
    expect(audit).toMatchObject({ balanced: true, duplicates: 2 });
  });
});
