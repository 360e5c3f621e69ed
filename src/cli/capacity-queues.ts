import { join } from "node:path";
import type { CapacitySearchSettings } from "../capacity/capacity-document.js";
import { queueKindOf } from "../config/queue-kind.js";
import type { RunSettings } from "../config/run-settings.js";
import { ConfigError } from "../errors.js";
import { parseQueueSpec, shownQueueSpec } from "../queue/queue-spec.js";
import { redactQueueUrl } from "../queue/url-redaction.js";
import { formatCapacityKnees, type SearchedQueue } from "../report/capacity-knees.js";
import { formatCapacity, stepLine } from "../report/capacity-table.js";
import { resultsPath, saveDocument } from "../report/json.js";
import { ExitCode } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { startingLoad } from "./load-tuning.js";
import { STOP_SIGNALS, stopOnSignals } from "./stop-signals.js";
import { useColor } from "./terminal.js";

/** What `capacity --queue A --queue B …` needs from the command's flags. */
export interface QueuesSearch {
  readonly queues: readonly string[];
  readonly settings: RunSettings;
  readonly search: CapacitySearchSettings;
  /** A directory for the documents, one per queue, instead of results/. */
  readonly out: string | undefined;
  readonly json: boolean;
  readonly progress: boolean;
}

/**
 * Every queue checked before the first search: a malformed one, or one given twice, is one
 * line (exit 2) before any load. Returns the labels, passwords hidden.
 */
export function checkQueues(queues: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const queue of queues) {
    parseQueueSpec(queue);
    if (seen.has(queue)) throw new ConfigError(`--queue ${shownQueueSpec(queue)} is given twice`);
    seen.add(queue);
  }
  return queues.map(redactQueueUrl);
}

/**
 * The same search on each queue in turn (never two at once: they would compete for the CPU
 * they measure), then every search's table and one table of the knees side by side. Each
 * queue's document is saved as it would be alone. Ctrl-C stops the step under way and skips
 * the queues not yet searched; what was found is still printed and saved.
 */
export async function searchQueues(plan: QueuesSearch, io: CliIo): Promise<ExitCode> {
  const labels = checkQueues(plan.queues);
  const { findCapacity } = await import("../capacity/find-capacity.js");
  const controller = new AbortController();
  let stoppedBy: ExitCode | undefined;
  const releaseSignals = stopOnSignals((signal) => {
    stoppedBy ??= STOP_SIGNALS[signal];
    controller.abort();
  }, io.stderr);
  const searched: SearchedQueue[] = [];
  try {
    startingLoad(Number.POSITIVE_INFINITY);
    for (const [i, queue] of plan.queues.entries()) {
      if (controller.signal.aborted) break;
      const label = labels[i] as string;
      let index = 0;
      const doc = await findCapacity({
        settings: { ...plan.settings, queue },
        search: plan.search,
        signal: controller.signal,
        onStep: (step) => {
          if (plan.progress) io.stderr.write(`${label}: ${stepLine(step, index)}\n`);
          index++;
        },
      });
      searched.push({ label, doc });
    }
  } finally {
    releaseSignals();
  }
  if (plan.json) {
    const documents = searched.map(({ label, doc }) => ({ queue: label, capacity: doc }));
    io.stdout.write(`${JSON.stringify(documents, null, 2)}\n`);
  } else {
    const color = useColor(io.stdout, io.env);
    for (const { label, doc } of searched) {
      io.stdout.write(`== ${label}\n${formatCapacity(doc, { color })}\n`);
    }
    io.stdout.write(formatCapacityKnees(searched));
  }
  for (const [i, { doc }] of searched.entries()) {
    const target =
      plan.out === undefined
        ? resultsPath(doc.config.scenario, doc.startedAt, `capacity-q${i + 1}-`)
        : join(plan.out, `capacity-q${i + 1}-${queueKindOf(plan.queues[i] as string)}.json`);
    io.stderr.write(
      `capacity saved to ${await saveDocument(doc, target, plan.out !== undefined)}\n`,
    );
  }
  return exitCode(searched, stoppedBy, io);
}

/** Stopped, then a broker's fault, then a search below `--min-rate`, then success. */
function exitCode(
  searched: readonly SearchedQueue[],
  stoppedBy: ExitCode | undefined,
  io: CliIo,
): ExitCode {
  if (stoppedBy !== undefined) return stoppedBy;
  const faults = searched.filter(({ doc }) => doc.fault !== undefined);
  for (const { label, doc } of faults) io.stderr.write(`swarm-stress: ${label}: ${doc.fault}\n`);
  if (faults.length > 0) return ExitCode.Fault;
  return searched.some(({ doc }) => doc.minRatePassed === false)
    ? ExitCode.BelowMinRate
    : ExitCode.Ok;
}
