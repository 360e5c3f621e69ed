import type { RunConfig } from "../config/run-settings.js";
import { firstLine, RuntimeError } from "../errors.js";
import { settledWithin, TOO_LATE } from "../util/within.js";
import { isA2aCore, parseA2aTarget } from "./a2a/target.js";
import type { Chaos } from "./chaos.js";
import type { DeliveryCore } from "./delivery-core.js";
import { headersFromEnv } from "./http/headers.js";
import { isHttpCore, parseHttpTarget } from "./http/target.js";
import { MockCore } from "./mock.js";
import { loadCoreModule } from "./module.js";

/**
 * The core a run's configuration names: the mock, the HTTP or A2A core, or a module loaded
 * from its path.
 */
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
  if (isHttpCore(config.core)) {
    // Loaded only for a run that posts: node:http and its pool are no part of the others.
    const { HttpCore } = await import("./http/http-core.js");
    return new HttpCore({
      target: parseHttpTarget(config.core),
      concurrency: config.concurrency,
      timeoutMs: config.timeout,
      headers: headersFromEnv(process.env),
    });
  }
  if (isA2aCore(config.core)) {
    const target = parseA2aTarget(config.core);
    // Loaded only for a run that talks A2A: the SDK is no part of the others.
    const { A2aCore } = await import("./a2a/a2a-core.js");
    return new A2aCore({
      target,
      concurrency: config.concurrency,
      timeoutMs: config.timeout,
      headers: headersFromEnv(process.env),
      version: config.a2aVersion ?? "1.0",
      mode: config.a2aMode ?? "blocking",
    });
  }
  return await loadCoreModule(config.core, { agents, seed: config.seed });
}

/**
 * Run the core's `init`.
 *
 * @throws {RuntimeError} when it throws, rejects, or does not settle within `timeoutMs`.
 */
export async function initCore(core: DeliveryCore, timeoutMs: number): Promise<void> {
  let answer: unknown;
  try {
    answer = await settledWithin(Promise.resolve(core.init?.()), timeoutMs);
  } catch (error) {
    throw new RuntimeError(`core ${coreName(core)}failed to initialise: ${firstLine(error)}`);
  }
  if (answer === TOO_LATE) {
    throw new RuntimeError(
      `core ${coreName(core)}did not finish initialising within ${timeoutMs / 1000} s`,
    );
  }
}

/**
 * Run the core's `close`. A core that fails to close must not hide the run's result: returns
 * a line for the result's warnings when it threw or did not settle within `timeoutMs`, else
 * undefined.
 */
export async function closeCore(
  core: DeliveryCore,
  timeoutMs: number,
): Promise<string | undefined> {
  try {
    const answer = await settledWithin(Promise.resolve(core.close?.()), timeoutMs);
    if (answer === TOO_LATE) {
      return `the core's close did not finish within ${timeoutMs / 1000} s; the run's figures are complete without it`;
    }
  } catch (error) {
    return `the core's close failed: ${firstLine(error)}`;
  }
  return undefined;
}

/** The core's name and a space, or nothing when it has none. */
function coreName(core: DeliveryCore): string {
  return typeof core.name === "string" && core.name !== "" ? `${core.name} ` : "";
}
