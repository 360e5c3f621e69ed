import { hostname } from "node:os";
import { type ELDHistogram, monitorEventLoopDelay } from "node:perf_hooks";
import type { ObservableResult } from "@opentelemetry/api";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AggregationType,
  InstrumentType,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from "@opentelemetry/sdk-metrics";
import { redactOtlpUrl } from "../../config/otlp-url.js";
import { firstLine } from "../../errors.js";
import type { MessageType } from "../../model/message.js";
import type { PairLedger } from "../pair-ledger.js";
import type { ResourceSample } from "../sampler.js";
import { INSTRUMENTS, RUN_ID_ATTRIBUTE } from "./instruments.js";
import { type ExportedPart, TappedRecorder } from "./tapped-recorder.js";

/** How often metrics go out, ms. */
export const OTLP_INTERVAL_MS = 1000;

/** The longest one export may take, ms: an unreachable collector costs the run no more. */
const EXPORT_TIMEOUT_MS = 1000;

/** The longest the final flush at the run's end may take, ms, before it is given up on. */
const FINAL_FLUSH_MS = 2500;

/** Period of the exporter's own event-loop monitor, subtracted from its readings. */
const LAG_RESOLUTION_MS = 10;

const METRICS_PATH = "/v1/metrics";

/** Resource attribute: what the exporting process does in its run (see {@link ProcessRole}). */
export const ROLE_ATTRIBUTE = "swarm_stress.role";

/**
 * What the exporting process does in its run: all of it (`standalone`), or its side of a
 * distributed run (`coordinator`, `worker`).
 */
export type ProcessRole = "standalone" | "coordinator" | "worker";

/** What each role exports of the run's outcomes. */
const PART_OF: Readonly<Record<ProcessRole, ExportedPart>> = {
  standalone: "whole",
  coordinator: "producer",
  worker: "consumer",
};

/** Options of {@link startOtlpExport}. */
export interface OtlpExportOptions {
  /** The collector: its base URL, or the full one ending in /v1/metrics. */
  readonly url: string;
  readonly runId: string;
  /**
   * The exporting process: its `service.instance.id` (unique in the run: a distributed run's
   * processes each export their own series, which a backend adds up) and role.
   */
  readonly instance: { readonly id: string; readonly role: ProcessRole };
  readonly scenario: string;
  readonly agents: readonly string[];
  readonly types: readonly MessageType[];
  readonly agentAttribute: boolean;
  /** Every (message, recipient) pair's attempts, for a run that verifies receipts. */
  readonly pairs?: PairLedger | undefined;
  /** Export interval, ms; {@link OTLP_INTERVAL_MS} unless a test says otherwise. */
  readonly intervalMs?: number;
  /** As for a {@link TappedRecorder}: a worker's correction to the coordinator's clock. */
  readonly scheduleCorrectionMs?: number;
}

/** A running export: the recorder that feeds it, and its end. */
export interface OtlpExport {
  /** The run's recorder: every outcome it counts is exported too. */
  readonly recorder: TappedRecorder;
  /** The URL metrics are posted to, as shown: without a password. */
  readonly endpoint: string;
  /** Where the gauges read the queue depth, memory and CPU: the run's latest sample. */
  readSamplesFrom(latest: () => ResourceSample | undefined): void;
  /**
   * Export what is left and stop, within a few seconds whatever the collector does. Resolves
   * to a one-line warning when any export failed, else undefined; never rejects.
   */
  finish(): Promise<string | undefined>;
}

/**
 * The URL metrics are posted to: `url` itself when its path ends with /v1/metrics, else
 * /v1/metrics added to it (OTEL_EXPORTER_OTLP_ENDPOINT's rule).
 */
export function metricsEndpoint(url: string): string {
  const parsed = new URL(url);
  if (!parsed.pathname.endsWith(METRICS_PATH)) {
    parsed.pathname = `${parsed.pathname.replace(/\/+$/, "")}${METRICS_PATH}`;
  }
  return parsed.href;
}

/**
 * Start exporting a run's metrics over OTLP/HTTP (JSON) every second: the counters and
 * exponential histograms a {@link TappedRecorder} feeds, and gauges read from the run's
 * samples. Loaded only for a run with `--otlp`.
 *
 * In a distributed run each process exports its own part under its own instance: the
 * coordinator what it made and the queue's depth (a run-wide gauge, so from it alone), each
 * worker what it settled; every process its own memory, CPU and event-loop lag.
 */
export function startOtlpExport(options: OtlpExportOptions): OtlpExport {
  const target = metricsEndpoint(options.url);
  const endpoint = redactOtlpUrl(target);
  const exporter = new OTLPMetricExporter({ url: target, timeoutMillis: EXPORT_TIMEOUT_MS });
  const outcome = { exports: 0, failed: 0, firstError: undefined as string | undefined };
  const watched: PushMetricExporter = {
    export: (metrics, done) => {
      exporter.export(metrics, (result) => {
        outcome.exports++;
        // ExportResultCode.SUCCESS is 0 (@opentelemetry/core).
        if (result.code !== 0) {
          outcome.failed++;
          outcome.firstError ??= firstLine(result.error ?? "failed");
        }
        done(result);
      });
    },
    forceFlush: () => exporter.forceFlush(),
    shutdown: () => exporter.shutdown(),
    selectAggregationTemporality: (type) => exporter.selectAggregationTemporality(type),
  };
  const intervalMs = options.intervalMs ?? OTLP_INTERVAL_MS;
  const reader = new PeriodicExportingMetricReader({
    exporter: watched,
    exportIntervalMillis: intervalMs,
    exportTimeoutMillis: Math.min(EXPORT_TIMEOUT_MS, intervalMs),
  });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      "service.name": "swarm-stress",
      "service.instance.id": options.instance.id,
      [ROLE_ATTRIBUTE]: options.instance.role,
      [RUN_ID_ATTRIBUTE]: options.runId,
      "swarm_stress.scenario": options.scenario,
      "host.name": hostname(),
    }),
    views: [
      {
        instrumentType: InstrumentType.HISTOGRAM,
        aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM },
      },
    ],
    readers: [reader],
  });
  const meter = provider.getMeter("swarm-stress");
  const part = PART_OF[options.instance.role];
  const recorder = new TappedRecorder(meter, {
    part,
    ...(options.scheduleCorrectionMs === undefined
      ? {}
      : { scheduleCorrectionMs: options.scheduleCorrectionMs }),
    agents: options.agents,
    types: options.types,
    runId: options.runId,
    agentAttribute: options.agentAttribute,
    pairs: options.pairs,
  });
  const run = { [RUN_ID_ATTRIBUTE]: options.runId };
  let latest: () => ResourceSample | undefined = () => undefined;
  const gauge = (
    spec: { name: string; unit: string; description: string },
    read: (sample: ResourceSample) => number,
  ): void => {
    meter
      .createObservableGauge(spec.name, { unit: spec.unit, description: spec.description })
      .addCallback((result: ObservableResult) => {
        const sample = latest();
        if (sample !== undefined) result.observe(read(sample), run);
      });
  };
  // The queue is the run's, not a process's: a worker's gauge would count it again.
  if (part !== "consumer") gauge(INSTRUMENTS.depth, (sample) => sample.depth);
  gauge(INSTRUMENTS.rss, (sample) => Math.round(sample.rssMB * 1024 * 1024));
  gauge(INSTRUMENTS.cpu, (sample) => sample.cpuPct);
  const lag: ELDHistogram = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  lag.enable();
  meter
    .createObservableGauge(INSTRUMENTS.eventLoopLag.name, {
      unit: INSTRUMENTS.eventLoopLag.unit,
      description: INSTRUMENTS.eventLoopLag.description,
    })
    .addCallback((result) => {
      if (lag.count === 0) return;
      result.observe(Math.max(0, lag.max / 1e6 - LAG_RESOLUTION_MS), run);
      lag.reset();
    });

  let finishing: Promise<string | undefined> | undefined;
  const finish = async (): Promise<string | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), FINAL_FLUSH_MS);
    });
    // Shutting down collects and exports once more: the last counts go out.
    const ended = await Promise.race([
      provider.shutdown().then(
        () => "done" as const,
        (error: unknown) => {
          outcome.failed++;
          outcome.firstError ??= firstLine(error);
          return "done" as const;
        },
      ),
      gaveUp,
    ]);
    clearTimeout(timer);
    lag.disable();
    if (ended === "timeout") {
      outcome.failed++;
      outcome.firstError ??= `the final export did not finish within ${FINAL_FLUSH_MS / 1000} s`;
    }
    if (outcome.failed === 0) return undefined;
    const attempts = Math.max(outcome.exports, outcome.failed);
    return `OTLP export to ${endpoint} failed (${outcome.failed} of ${attempts} exports): ${outcome.firstError}; the run's own figures are unaffected`;
  };
  return {
    recorder,
    endpoint,
    readSamplesFrom: (read) => {
      latest = read;
    },
    finish: () => {
      finishing ??= finish();
      return finishing;
    },
  };
}
