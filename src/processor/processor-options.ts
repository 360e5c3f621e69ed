import type { RunConfig } from "../config/run-settings.js";
import { nowMs } from "../util/clock.js";
import type { ProcessorOptions } from "./processor.js";

/** The processor's knobs from a run's configuration. */
export function processorOptions(config: RunConfig): ProcessorOptions {
  return {
    batchSize: config.batchSize,
    concurrency: config.concurrency,
    interval: config.interval,
    timeout: config.timeout,
    visibilityMs: config.visibilityTimeout,
    retry: {
      maxAttempts: config.maxAttempts,
      baseDelay: config.retryBaseDelay,
      maxDelay: config.retryMaxDelay,
      seed: config.seed,
    },
    now: nowMs,
  };
}
