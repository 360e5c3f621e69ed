import type { RunConfig, RunSettings } from "../config/run-settings.js";
import { DEFAULT_SETTINGS, findScenario } from "../config/scenarios.js";
import { isA2aCore } from "../delivery/a2a/target.js";
import { isHttpCore } from "../delivery/http/target.js";
import { checkCoreModuleFile } from "../delivery/module.js";
import { parseQueueSpec } from "../queue/queue-spec.js";
import { checkResultPath } from "../report/json.js";
import { checkOutputPath } from "../report/output-file.js";
import { checkFileRoles } from "./file-roles.js";

/** The flags of `swarm-stress run` that name files or decide which files it writes. */
export interface RunFileFlags {
  readonly config?: string | undefined;
  readonly out?: string | undefined;
  readonly json?: boolean | undefined;
  readonly html?: string | undefined;
  readonly junit?: string | undefined;
  readonly resume?: boolean | undefined;
}

/**
 * Check, before the run starts, every file `swarm-stress run` will read or write: an output that
 * cannot be written fails now rather than after minutes of running, an output that would
 * replace an input (the config file, the queue file and its `-wal` and `-shm` files, the core
 * module) or another output is refused, and so is a report or record file that would replace a
 * saved result. `settings` are the config file's under the flags; with `resume`, the record
 * file and core are the ones saved in the queue file, as the run will use them.
 *
 * @throws {ConfigError} in one line naming the file and the problem; nothing is written.
 */
export async function checkRunFiles(flags: RunFileFlags, settings: RunSettings): Promise<void> {
  if (!flags.json || flags.out !== undefined) checkResultPath(flags.out);
  const scenario = findScenario(settings.scenario ?? "default")?.settings;
  const queue = settings.queue ?? scenario?.queue ?? DEFAULT_SETTINGS.queue;
  const spec = parseQueueSpec(queue);
  const queuePath = spec.kind === "sqlite" ? spec.path : undefined;
  const saved =
    flags.resume && queuePath !== undefined ? await savedRunConfig(queuePath) : undefined;
  const record = flags.resume ? saved?.record : settings.record;
  const core = flags.resume
    ? saved?.core
    : (settings.core ?? scenario?.core ?? DEFAULT_SETTINGS.core);
  const named = core === undefined || core === "mock" || isHttpCore(core) || isA2aCore(core);
  const corePath = named ? undefined : core;
  checkFileRoles([
    { what: "the result", path: flags.out, use: "output" },
    { what: "the HTML report", path: flags.html, use: "output" },
    { what: "the JUnit report", path: flags.junit, use: "output" },
    { what: "the record file", path: record, use: "output" },
    { what: "the config file", path: flags.config, use: "input" },
    { what: "the queue file", path: queuePath, use: "both" },
    { what: "the queue's WAL file", path: queuePath && `${queuePath}-wal`, use: "both" },
    { what: "the queue's shared-memory file", path: queuePath && `${queuePath}-shm`, use: "both" },
    { what: "the core module", path: corePath, use: "input" },
  ]);
  const spare = { sparesResults: true };
  if (flags.html !== undefined) checkOutputPath(flags.html, "the HTML report", spare);
  if (flags.junit !== undefined) checkOutputPath(flags.junit, "the JUnit report", spare);
  if (record !== undefined) checkOutputPath(record, "the record file", spare);
  // Refused here, a FIFO or device as the core fails before the queue file is created.
  if (corePath !== undefined) checkCoreModuleFile(corePath);
}

/**
 * The configuration saved in a durable queue for `--resume`, read without changing anything
 * before the checks pass; undefined when there is none (the run itself then says why it
 * cannot resume).
 */
async function savedRunConfig(path: string): Promise<Partial<RunConfig> | undefined> {
  try {
    const { readSavedConfig } = await import("../queue/sqlite/run-state.js");
    return readSavedConfig(path);
  } catch {
    return undefined;
  }
}
