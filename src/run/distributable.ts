import { queueKindOf } from "../config/queue-kind.js";
import type { RunConfig } from "../config/run-settings.js";
import { ConfigError } from "../errors.js";

/** Refuse what a run spread over workers cannot do (yet), rather than do it wrong. */
export function checkDistributable(config: RunConfig): void {
  // The kind alone: the URL itself is taken apart, and a malformed one refused, when the run
  // opens its queue, as it always was.
  if (queueKindOf(config.queue) !== "redis") {
    throw new ConfigError(
      "workers need a Redis queue to share: queue redis://HOST:PORT (see docs/distributed.md)",
    );
  }
  if (config.chaos) {
    throw new ConfigError("chaos runs in one process only: drop workers or chaos");
  }
  if (config.record !== undefined) {
    throw new ConfigError("record writes the outcomes of one process only: drop workers or record");
  }
}
