import type { Chaos } from "../core/chaos.js";
import type { DeliveryCore } from "../core/delivery-core.js";
import { MockCore } from "../core/mock.js";
import { loadCoreModule } from "../core/module.js";
import { firstLine, RuntimeError } from "../errors.js";
import type { RunConfig } from "../model/config.js";
import type { ProcessorOptions } from "../processor/processor.js";
import { nowMs } from "./clock.js";

/** The core a run's configuration names: the mock, or a module loaded from its path. */
export async function openCore(
  config: RunConfig,
  agents: readonly string[],
  chaos: Chaos | undefined,
): Promise<DeliveryCore> {
  if (config.core === "mock") {
    return new MockCore({
      seed: config.seed,
      delay: config.delay,
      successRate: config.successRate,
      ...(chaos ? { chaos } : {}),
    });
  }
  return await loadCoreModule(config.core, { agents, seed: config.seed });
}

export async function initCore(core: DeliveryCore): Promise<void> {
  try {
    await core.init?.();
  } catch (error) {
    throw new RuntimeError(`core ${core.name ?? ""} failed to initialise: ${firstLine(error)}`);
  }
}

export async function closeCore(core: DeliveryCore): Promise<void> {
  try {
    await core.close?.();
  } catch {
    // A core that fails to close must not hide the run's result; nothing is left to clean up.
  }
}

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
