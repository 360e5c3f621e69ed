import type { BrokerInspection } from "../queue/broker-inspection.js";
import type { BullmqInspection } from "../queue/bullmq/inspect.js";
import type { QueueInspection } from "../queue/sqlite/inspect.js";
import { count, ms } from "./numbers.js";
import { safeForTerminal } from "./terminal-text.js";

/** Render `queue inspect`'s findings as plain text: a pure function of the inspection. */
export function formatQueueInspection(inspection: QueueInspection): string {
  const { depth, deadLetters } = inspection;
  const lines = [
    `Queue ${inspection.path} (schema ${inspection.schemaVersion})`,
    "",
    "Messages by status",
    `  ready            ${count(depth.ready)}`,
    `  delayed          ${count(depth.delayed)}${inspection.dueRetries > 0 ? `  (${count(inspection.dueRetries)} due now)` : ""}`,
    `  leased           ${count(depth.leased)}${inspection.expiredLeases > 0 ? `  (${count(inspection.expiredLeases)} expired: handed out again at the next lease)` : ""}`,
    `  dead-lettered    ${count(depth.deadLettered)}`,
    `  oldest message   ${inspection.oldestAgeMs === undefined ? "-" : `${ms(inspection.oldestAgeMs)} ms old`}`,
    `  next retry       ${inspection.nextRetryAt === undefined ? "-" : new Date(inspection.nextRetryAt).toISOString()}`,
  ];
  if (inspection.byPriority.length > 0) {
    lines.push("", "By priority", "  priority     ready   delayed    leased");
    for (const row of inspection.byPriority) {
      lines.push(
        `  ${String(row.priority).padStart(8)}  ${count(row.ready).padStart(8)}  ${count(row.delayed).padStart(8)}  ${count(row.leased).padStart(8)}`,
      );
    }
  }
  if (deadLetters.total > 0) {
    lines.push("", `Dead letters (${count(deadLetters.total)})`);
    for (const { error, count: n } of deadLetters.byError) {
      lines.push(`  ${count(n).padStart(8)}  ${error}`);
    }
    if (deadLetters.first.length > 0) {
      lines.push("", "  oldest:");
      for (const dead of deadLetters.first) {
        const m = dead.message;
        lines.push(
          `  ${m.id} ${m.type} from ${m.sender} to ${m.recipients.join(",")}, ${m.attempts} attempt(s): ${dead.error}`,
        );
      }
    }
  }
  // Error texts come from the file: whatever a core wrote as a failure reason.
  return safeForTerminal(`${lines.join("\n")}\n`);
}

/** Render `queue inspect`'s findings on a BullMQ queue as plain text: a pure function. */
export function formatBullmqInspection(inspection: BullmqInspection): string {
  const { depth, deadLetters } = inspection;
  const lines = [
    `BullMQ queue ${inspection.queue} at ${inspection.server}`,
    "",
    "Jobs by status",
    `  ready            ${count(depth.ready)}  (wait + prioritized)`,
    `  delayed          ${count(depth.delayed)}`,
    `  leased           ${count(depth.leased)}  (active)`,
    `  dead-lettered    ${count(depth.deadLettered)}  (failed)`,
    `  oldest job       ${inspection.oldestAgeMs === undefined ? "-" : `${ms(inspection.oldestAgeMs)} ms old`}`,
    `  next retry       ${inspection.nextRetryAt === undefined ? "-" : new Date(inspection.nextRetryAt).toISOString()}`,
  ];
  lines.push(...sampledDeadLetterLines(deadLetters));
  // Error texts come from Redis: whatever a core wrote as a failure reason.
  return safeForTerminal(`${lines.join("\n")}\n`);
}

/** Render `queue inspect`'s findings on a RabbitMQ or NATS queue as plain text: a pure function. */
export function formatBrokerInspection(inspection: BrokerInspection): string {
  const { handedOut, consumers } = inspection;
  const lines = [
    `${inspection.broker} queue ${inspection.queue} at ${inspection.server}`,
    "",
    "Messages",
    `  held             ${count(inspection.held)}  (ready and waiting for a retry: the broker does not tell them apart)`,
    ...(handedOut === undefined
      ? []
      : [`  handed out       ${count(handedOut)}  (not yet acknowledged: a run's leases)`]),
    `  dead-lettered    ${count(inspection.deadLetters.total)}`,
    ...(consumers === undefined ? [] : [`  consumers        ${count(consumers)}`]),
    ...sampledDeadLetterLines(inspection.deadLetters),
  ];
  // Error texts come from the broker: whatever a core wrote as a failure reason.
  return safeForTerminal(`${lines.join("\n")}\n`);
}

/** The dead letters part of a broker's inspection: counts by error among the oldest read. */
function sampledDeadLetterLines(deadLetters: BrokerInspection["deadLetters"]): string[] {
  if (deadLetters.total === 0) return [];
  const lines = [
    "",
    `Dead letters (${count(deadLetters.total)}); the oldest ${deadLetters.first.length} by error:`,
  ];
  for (const { error, count: n } of deadLetters.byError) {
    lines.push(`  ${count(n).padStart(8)}  ${error}`);
  }
  lines.push("", "  oldest:");
  for (const dead of deadLetters.first) {
    const m = dead.message;
    lines.push(
      `  ${m.id} ${m.type} from ${m.sender} to ${m.recipients.join(",")}, ${m.attempts} attempt(s): ${dead.error}`,
    );
  }
  return lines;
}
