import {
  safeForTerminal
} from "./chunk-SQPFNCAQ.js";
import {
  COMMANDS
} from "./chunk-ENW5U7JC.js";
import {
  count,
  ms
} from "./chunk-DDCKLXIA.js";
import {
  parseQueueSpecOf,
  shownQueueSpec
} from "./chunk-ORGCXR74.js";
import {
  ExitCode
} from "./chunk-AFAGSFCF.js";
import "./chunk-WFQQAGZ5.js";
import "./chunk-QDXHEC6X.js";
import "./chunk-PTSGJIAI.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/report/queue-inspection.js
function formatQueueInspection(inspection) {
  const { depth, deadLetters } = inspection;
  const lines = [
    `Queue ${inspection.path} (schema ${inspection.schemaVersion})`,
    "",
    "Messages by status",
    `  ready            ${count(depth.ready)}`,
    `  delayed          ${count(depth.delayed)}${inspection.dueRetries > 0 ? `  (${count(inspection.dueRetries)} due now)` : ""}`,
    `  leased           ${count(depth.leased)}${inspection.expiredLeases > 0 ? `  (${count(inspection.expiredLeases)} expired: handed out again at the next lease)` : ""}`,
    `  dead-lettered    ${count(depth.deadLettered)}`,
    `  oldest message   ${inspection.oldestAgeMs === void 0 ? "-" : `${ms(inspection.oldestAgeMs)} ms old`}`,
    `  next retry       ${inspection.nextRetryAt === void 0 ? "-" : new Date(inspection.nextRetryAt).toISOString()}`
  ];
  if (inspection.byPriority.length > 0) {
    lines.push("", "By priority", "  priority     ready   delayed    leased");
    for (const row of inspection.byPriority) {
      lines.push(`  ${String(row.priority).padStart(8)}  ${count(row.ready).padStart(8)}  ${count(row.delayed).padStart(8)}  ${count(row.leased).padStart(8)}`);
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
        lines.push(`  ${m.id} ${m.type} from ${m.sender} to ${m.recipients.join(",")}, ${m.attempts} attempt(s): ${dead.error}`);
      }
    }
  }
  return safeForTerminal(`${lines.join("\n")}
`);
}

// dist/cli/queue-command.js
function registerQueueCommand(program, done, io) {
  const queue = program.command("queue").description(COMMANDS.queue.description);
  queue.command("inspect").description("depth by status and priority, oldest message, dead letters with their errors").argument("<queue>", "the queue, as sqlite:PATH").option("--json", "print the inspection as JSON").action(async (spec, options) => done(await inspectCommand(spec, options, io)));
  queue.command("requeue-dead").description("move every dead letter back to the queue, attempts reset").argument("<queue>", "the queue, as sqlite:PATH").option("--json", "print the count as JSON").action(async (spec, options) => done(await requeueDeadCommand(spec, options, io)));
  queue.command("purge").description("delete a Redis queue stream and everything it holds (messages, dead letters)").argument("<queue>", "the queue, as redis://HOST:PORT/DB?stream=NAME").option("--json", "print the count of deleted keys as JSON").action(async (spec, options) => done(await purgeCommand(spec, options, io)));
}
async function purgeCommand(spec, options, io) {
  const target = parseQueueSpecOf(spec, "redis", `expected a Redis queue as redis://HOST:PORT/DB?stream=NAME, got ${shownQueueSpec(spec)}`);
  const { streamOwner } = await import("./redis-access-XI3XOYEX.js");
  const owner = await streamOwner(spec, target.stream);
  if (owner !== void 0) {
    throw new ConfigError(`queue stream ${target.stream} is in use by run ${owner}: it is deleted when that run ends`);
  }
  const { RedisQueue } = await import("./redis-2M3UROQB.js");
  const deleted = await RedisQueue.purge(spec, target.stream);
  io.stdout.write(options.json ? `${JSON.stringify({ stream: target.stream, deletedKeys: deleted })}
` : `purged queue stream ${target.stream} (${deleted} key(s)) at ${target.display}
`);
  return ExitCode.Ok;
}
async function inspectCommand(spec, options, io) {
  const { inspectQueue } = await import("./inspect-AMG54AK7.js");
  const inspection = inspectQueue(sqlitePath(spec));
  io.stdout.write(options.json ? `${JSON.stringify(inspection, null, 2)}
` : formatQueueInspection(inspection));
  return ExitCode.Ok;
}
async function requeueDeadCommand(spec, options, io) {
  const { requeueDead } = await import("./inspect-AMG54AK7.js");
  const path = sqlitePath(spec);
  const moved = requeueDead(path);
  io.stdout.write(options.json ? `${JSON.stringify({ path, requeued: moved })}
` : `requeued ${moved} dead letter(s) in ${path}
`);
  return ExitCode.Ok;
}
function sqlitePath(spec) {
  return parseQueueSpecOf(spec, "sqlite", `expected a queue file as sqlite:PATH, got ${shownQueueSpec(spec)}`).path;
}
export {
  inspectCommand,
  purgeCommand,
  registerQueueCommand,
  requeueDeadCommand
};
