/** Run ids: short, safe in a Redis key and on a command line. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * The keys of one distributed run. One hash tag per run keeps them in one cluster slot, so the
 * settle script may touch several at once.
 */
export function runKeys(runId: string) {
  const base = `{swarm-stress:run:${runId}}`;
  return {
    /** The run's descriptor: configuration, queue stream, start time (JSON). */
    descriptor: `${base}:run`,
    /** `producing`, `produced` (the last message is queued), `stopped` or `finished`. */
    phase: `${base}:phase`,
    /** Worker id → what the worker said about itself when it joined (JSON). */
    workers: `${base}:workers`,
    /** The coordinator's heartbeat: workers stop when it is gone. */
    coordinatorBeat: `${base}:hb-coordinator`,
    /** A worker's heartbeat: set with a time to live, gone when the worker stops beating. */
    heartbeat: (workerId: string) => `${base}:hb:${workerId}`,
    /** Stream of worker reports: interval deltas of counters and histograms. */
    reports: `${base}:reports`,
    /** Bit per message sequence number: settled. */
    settled: `${base}:settled`,
    /** Bit per message sequence number: settled as a dead letter. */
    dead: `${base}:dead`,
    /** Counters of final outcomes, overall, by type and by sender. */
    outcomes: `${base}:outcomes`,
    /**
     * Each store instance's last settle request and its reply, so that a settle sent again
     * after a broken connection (it may have run) answers as the first did, counting nothing
     * twice.
     */
    settles: `${base}:settles`,
  } as const;
}

/** The key that says which run owns a queue stream, so two runs never share one. */
export function streamOwnerKey(stream: string): string {
  return `{swarm-stress:owner:${stream}}`;
}

/** The keys of a run, as a list (for deleting them). */
export function allRunKeys(runId: string): string[] {
  const keys = runKeys(runId);
  return [
    keys.descriptor,
    keys.phase,
    keys.workers,
    keys.reports,
    keys.settled,
    keys.dead,
    keys.outcomes,
    keys.settles,
  ];
}

/**
 * The pub/sub channel on which a run's coordinator says it queued messages, so that idle
 * workers lease at once instead of polling the queue (a channel, not a key: nothing to expire).
 */
export function workChannel(runId: string): string {
  return `{swarm-stress:run:${runId}}:work`;
}

/** A new run id: time-ordered, random enough that two coordinators never share one. */
export function newRunId(now = Date.now()): string {
  return `r${now.toString(36)}${Math.floor(Math.random() * 36 ** 6)
    .toString(36)
    .padStart(6, "0")}`;
}

/**
 * The keys of a set of local workers that serve one run after another (a capacity search's
 * steps): which run they serve next, and whether their owner is still there.
 */
export function servingKeys(poolId: string) {
  const base = `{swarm-stress:serve:${poolId}}`;
  return {
    /** The id of the run the workers are to serve next, set as each run starts. */
    next: `${base}:next`,
    /** The owner's heartbeat: a worker waiting for the next run stops once it is gone. */
    ownerBeat: `${base}:hb`,
  } as const;
}
