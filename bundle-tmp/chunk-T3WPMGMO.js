// dist/distributed/run-keys.js
var RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
function runKeys(runId) {
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
    heartbeat: (workerId) => `${base}:hb:${workerId}`,
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
    settles: `${base}:settles`
  };
}
function streamOwnerKey(stream) {
  return `{swarm-stress:owner:${stream}}`;
}
function allRunKeys(runId) {
  const keys = runKeys(runId);
  return [
    keys.descriptor,
    keys.phase,
    keys.workers,
    keys.reports,
    keys.settled,
    keys.dead,
    keys.outcomes,
    keys.settles
  ];
}
function newRunId(now = Date.now()) {
  return `r${now.toString(36)}${Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, "0")}`;
}

export {
  RUN_ID_PATTERN,
  runKeys,
  streamOwnerKey,
  allRunKeys,
  newRunId
};
