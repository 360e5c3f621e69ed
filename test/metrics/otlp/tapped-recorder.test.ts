import {
  AggregationTemporality,
  AggregationType,
  DataPointType,
  InMemoryMetricExporter,
  InstrumentType,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import { afterEach, describe, expect, it } from "vitest";
import { DeltaTaker } from "../../../src/distributed/delta-taker.js";
import { INSTRUMENTS } from "../../../src/metrics/otlp/instruments.js";
import { type ExportedPart, TappedRecorder } from "../../../src/metrics/otlp/tapped-recorder.js";
import type { Message } from "../../../src/model/message.js";
import { testMessage } from "../../conformance/queue-conformance.js";

let provider: MeterProvider | undefined;
afterEach(async () => {
  await provider?.shutdown();
  provider = undefined;
});

/** A tapped recorder whose instruments an in-memory exporter reads on {@link collect}. */
function tapped(agents: readonly string[], agentAttribute: boolean, part?: ExportedPart) {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  provider = new MeterProvider({
    readers: [reader],
    views: [
      {
        instrumentType: InstrumentType.HISTOGRAM,
        aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM },
      },
    ],
  });
  const recorder = new TappedRecorder(provider.getMeter("test"), {
    agents,
    types: ["direct"],
    runId: "run-1",
    agentAttribute,
    ...(part === undefined ? {} : { part }),
  });
  const collect = async () => {
    await reader.forceFlush();
    const metrics = exporter.getMetrics().at(-1)?.scopeMetrics[0]?.metrics ?? [];
    return new Map(metrics.map((metric) => [metric.descriptor.name, metric]));
  };
  return { recorder, collect };
}

const from = (sender: string, seq: number): Message => ({ ...testMessage(seq), sender });

describe("TappedRecorder", () => {
  it("counts each outcome once, as the recorder does: a duplicate is not delivered again", async () => {
    const { recorder, collect } = tapped(["Agent-1", "Agent-2", "Agent-3"], false);
    const [a, b] = [testMessage(0), testMessage(1)];
    recorder.generated(a);
    recorder.generated(b);
    recorder.attempt(a, "Agent-2", false, false, 2);
    recorder.retried();
    recorder.attempt(a, "Agent-2", true, false, 3);
    expect(recorder.delivered(a, 10)).toBe(true);
    expect(recorder.delivered(a, 11)).toBe(false);
    expect(recorder.deadLettered(b, "refused", 12)).toBe(true);
    const metrics = await collect();
    const value = (name: string) => metrics.get(name)?.dataPoints[0]?.value;
    expect(value(INSTRUMENTS.generated.name)).toBe(2);
    expect(value(INSTRUMENTS.delivered.name)).toBe(1);
    expect(value(INSTRUMENTS.deadLettered.name)).toBe(1);
    expect(value(INSTRUMENTS.retried.name)).toBe(1);
    expect(value(INSTRUMENTS.failed.name)).toBe(1);
    const endToEnd = metrics.get(INSTRUMENTS.endToEnd.name);
    expect(endToEnd?.dataPointType).toBe(DataPointType.EXPONENTIAL_HISTOGRAM);
    expect(endToEnd?.dataPoints[0]?.value).toMatchObject({ count: 1, sum: 10 });
    expect(metrics.get(INSTRUMENTS.delivery.name)?.dataPoints[0]?.value).toMatchObject({
      count: 2,
      sum: 5,
    });
    expect(recorder.totals(0)).toMatchObject({ generated: 2, delivered: 1, duplicates: 1 });
    expect(metrics.get(INSTRUMENTS.delivered.name)?.dataPoints[0]?.attributes).toEqual({
      "swarm_stress.run_id": "run-1",
      "swarm_stress.message_type": "direct",
    });
  });

  it("counts a delivery timed before its schedule as 0, as the result does, not dropped", async () => {
    // A distributed worker's clock a moment behind the coordinator's that scheduled the message.
    const { recorder, collect } = tapped(["Agent-1", "Agent-2"], false);
    const early = { ...testMessage(0), scheduledAt: 20 };
    recorder.generated(early);
    recorder.attempt(early, "Agent-2", true, false, 1);
    expect(recorder.delivered(early, 19.5)).toBe(true);
    const endToEnd = (await collect()).get(INSTRUMENTS.endToEnd.name)?.dataPoints[0]?.value;
    expect(endToEnd).toMatchObject({ count: 1, sum: 0 });
    expect(recorder.endToEnd.count).toBe(1);
  });

  it("names the first 100 senders apart with the agent attribute, the rest as other", async () => {
    const agents = Array.from({ length: 150 }, (_, i) => `Agent-${i + 1}`);
    const { recorder, collect } = tapped(agents, true);
    agents.forEach((name, i) => {
      recorder.generated(from(name, i));
    });
    const points = (await collect()).get(INSTRUMENTS.generated.name)?.dataPoints ?? [];
    const byAgent = new Map(points.map((p) => [p.attributes["swarm_stress.agent"], p.value]));
    expect(byAgent.size).toBe(101);
    expect(byAgent.get("Agent-1")).toBe(1);
    expect(byAgent.get("Agent-100")).toBe(1);
    expect(byAgent.get("Agent-101")).toBeUndefined();
    expect(byAgent.get("other")).toBe(50);
  });

  it("exports a worker's settled outcomes and a coordinator's made ones, apart", async () => {
    const agents = ["Agent-1", "Agent-2"];
    const worker = tapped(agents, false, "consumer");
    const [a, b] = [testMessage(0), testMessage(1)];
    worker.recorder.attempt(a, "Agent-2", false, false, 2);
    worker.recorder.retried();
    worker.recorder.attempt(a, "Agent-2", true, false, 3);
    worker.recorder.delivered(a, 10);
    worker.recorder.deadLettered(b, "refused", 12);
    const settled = await worker.collect();
    const value = (metrics: typeof settled, name: string) =>
      metrics.get(name)?.dataPoints[0]?.value;
    expect(value(settled, INSTRUMENTS.delivered.name)).toBe(1);
    expect(value(settled, INSTRUMENTS.deadLettered.name)).toBe(1);
    expect(value(settled, INSTRUMENTS.failed.name)).toBe(1);
    expect(value(settled, INSTRUMENTS.retried.name)).toBe(1);
    expect(settled.has(INSTRUMENTS.generated.name)).toBe(false);
    expect(settled.has(INSTRUMENTS.dropped.name)).toBe(false);
    await provider?.shutdown();

    // The coordinator makes the messages, absorbs the worker's report, then takes the run
    // store's outcomes, here fewer than reported: none of that reaches its exported counters.
    const coordinator = tapped(agents, false, "producer");
    coordinator.recorder.generated(a);
    coordinator.recorder.generated(b);
    coordinator.recorder.absorb(new DeltaTaker(worker.recorder).take(true));
    const none = { delivered: 0, deadLettered: 0 };
    coordinator.recorder.setOutcomes({
      ...none,
      byType: {},
      bySender: {},
      settled: 0,
      duplicates: 0,
    });
    const made = await coordinator.collect();
    expect(value(made, INSTRUMENTS.generated.name)).toBe(2);
    for (const name of [
      INSTRUMENTS.delivered.name,
      INSTRUMENTS.deadLettered.name,
      INSTRUMENTS.failed.name,
      INSTRUMENTS.retried.name,
    ]) {
      expect(made.has(name), name).toBe(false);
    }
    expect(made.get(INSTRUMENTS.endToEnd.name)?.dataPoints ?? []).toEqual([]);
  });
});
