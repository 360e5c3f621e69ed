import type { RunConfig } from "../config/run-settings.js";
import { CHAOS_QUEUE_BATCHES, Chaos } from "../delivery/chaos.js";
import type { DeliveryCore } from "../delivery/delivery-core.js";
import { closeCore, initCore, openCore } from "../delivery/lifecycle.js";
import { ConfigError, firstLine } from "../errors.js";
import type { OutcomeLog } from "../metrics/outcome-log.js";
import type { Recorder } from "../metrics/recorder.js";
import { agentNames } from "../model/agents.js";
import type { Consumer } from "../processor/consumer.js";
import { Processor } from "../processor/processor.js";
import { processorOptions } from "../processor/processor-options.js";
import type { QueueDriver } from "../queue/driver.js";
import type { SavedRun } from "../queue/ledger.js";
import { openQueue } from "../queue/open-queue.js";
import { parseQueueSpec } from "../queue/queue-spec.js";
import { isBrokerQueue } from "../queue/run-ledger.js";
import type { ConnectionStats } from "../result/result.js";
import type { MessageGenerator } from "../workload/generator.js";
import type { BrokerRun, Found } from "./broker-run.js";
import type { DurableRun } from "./durable-run.js";
import type { RunPlan } from "./run-plan.js";

/** Options of {@link LocalPlan}. */
export interface LocalPlanOptions {
  /** A core instance to stress instead of the one the configuration names. */
  readonly deliveryCore: DeliveryCore | undefined;
  /**
   * Set to resume the run kept in the durable queue: the settings its configuration overrode,
   * and for a broker what its run ledger kept.
   */
  readonly resume:
    | { readonly ignored: readonly string[]; readonly saved?: SavedRun | undefined }
    | undefined;
  /** Whether a run on a broker keeps its run ledger there (one resumed always reads its own). */
  readonly brokerLedger: boolean;
}

/**
 * A run in this process: a processor delivering through the core, with, as configured, a chaos
 * schedule, a record file, and on a durable queue what the run keeps there to be resumed.
 */
export class LocalPlan implements RunPlan {
  readonly chaos: Chaos | undefined;
  private durable: DurableRun | undefined;
  private broker: BrokerRun | undefined;
  /** What a resumed broker run found in the broker before its first lease. */
  private found: Found | undefined;
  private driver: QueueDriver | undefined;
  private core: DeliveryCore | undefined;
  private log: OutcomeLog | undefined;

  constructor(
    private readonly config: RunConfig,
    private readonly recorder: Recorder,
    private readonly options: LocalPlanOptions,
  ) {
    this.chaos = config.chaos ? new Chaos(config.seed) : undefined;
  }

  async open(): Promise<void> {
    const config = this.config;
    const resume = this.options.resume !== undefined;
    const spec = parseQueueSpec(config.queue);
    const path = spec.kind === "sqlite" ? spec.path : undefined;
    // The file is held before the queue looks at it, and read for a resume before work begins.
    // Its machinery (and the SQLite queue's) loads only for a run on a queue file.
    if (path !== undefined) {
      const { DurableRun } = await import("./durable-run.js");
      this.durable = await DurableRun.claim(path, resume);
    }
    this.driver = await openQueue({
      resume,
      driver: config.queue,
      capacity: this.chaos
        ? Math.min(config.queueCapacity, CHAOS_QUEUE_BATCHES * config.batchSize)
        : config.queueCapacity,
      visibilityMs: config.visibilityTimeout,
    });
    // Saved as soon as the file exists: a run killed while its core loads can be resumed.
    this.durable?.openState(config);
    if (isBrokerQueue(spec) && (this.options.brokerLedger || resume)) {
      // Begun once the driver found no earlier run's messages; read before the first lease.
      const { BrokerRun } = await import("./broker-run.js");
      this.broker = await BrokerRun.open(config.queue, config, this.options.resume?.saved);
      this.found = await this.broker.found(this.driver);
    }
    this.core =
      this.options.deliveryCore ?? (await openCore(config, agentNames(config.agents), this.chaos));
    this.log = config.record ? await openLog(config.record) : undefined;
    await initCore(this.core, config.initTimeout);
  }

  get queue(): QueueDriver {
    return opened(this.driver);
  }

  catchUp(generator: MessageGenerator): string[] {
    const ignored = this.options.resume?.ignored ?? [];
    const notes = { ignored, record: this.config.record };
    return (
      this.durable?.catchUp(generator, this.recorder, notes) ??
      this.broker?.catchUp(this.found, generator, this.recorder, notes) ??
      []
    );
  }

  consumer(): Consumer {
    const persist = this.durable?.keepOutcomes ?? this.broker?.keepOutcomes;
    return new Processor(
      this.queue,
      opened(this.core),
      this.recorder,
      { ...processorOptions(this.config), ...(persist ? { persist } : {}) },
      this.log,
    );
  }

  get onEnqueued(): ((nextSeq: number) => void) | undefined {
    return this.durable?.keepHandedOver;
  }

  async conclude(): Promise<readonly string[]> {
    return [];
  }

  get settled(): Recorder {
    return this.recorder;
  }

  async finishRecording(): Promise<string | undefined> {
    const error = await this.log?.close().then(
      () => undefined,
      (error: unknown) => firstLine(error),
    );
    return error ? `recording outcomes stopped: ${error}` : undefined;
  }

  settledDistinct(): number {
    return this.recorder.settledDistinct;
  }

  readonly gaveUp = false;

  get coreName(): string {
    return this.core?.name ?? this.config.core;
  }

  readonly workers = undefined;

  /** No workers: the run is delivered in this process. */
  readonly liveWorkers = undefined;

  get connections(): ConnectionStats | undefined {
    return this.core?.connections?.();
  }

  async close(): Promise<string | undefined> {
    this.durable?.closeState();
    // Each step on its own: one failing must not leave the others undone.
    this.chaos?.release();
    await this.log?.close().catch(() => {});
    await this.driver?.close().catch(() => {});
    await this.broker?.close();
    const closing = this.core ? await closeCore(this.core, this.config.closeTimeout) : undefined;
    // Held to the end: the next run on the file must find it closed.
    this.durable?.release();
    return closing;
  }
}

/** A part of the run that {@link LocalPlan.open} opens, asked for after it did. */
function opened<T>(part: T | undefined): T {
  if (part === undefined) throw new Error("the run's plan is used before it is open");
  return part;
}

/** The record file's writer, loaded only for a run that records. */
async function openLog(path: string): Promise<OutcomeLog> {
  const { OutcomeLog } = await import("../metrics/outcome-log.js");
  try {
    return await OutcomeLog.open(path);
  } catch (error) {
    throw new ConfigError(`cannot write the record file: ${firstLine(error)}`);
  }
}
