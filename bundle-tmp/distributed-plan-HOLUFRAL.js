import {
  BEAT_EVERY_MS,
  COORDINATOR_BEAT_TTL_MS,
  RUN_KEYS_KEEP_MS,
  clockOffsetToRedis
} from "./chunk-QOXTSG4O.js";
import {
  LOCAL_WORKER_ENV
} from "./chunk-B4IMGHEE.js";
import {
  NO_TIMES,
  addTimes,
  outstanding
} from "./chunk-DXVUV3UL.js";
import {
  LatencyHistogram
} from "./chunk-FGMWFILK.js";
import "./chunk-ANFZG24T.js";
import "./chunk-QCUIJKYM.js";
import {
  connectRunStore,
  openRunQueue
} from "./chunk-JOB5VCV5.js";
import {
  newRunId
} from "./chunk-T3WPMGMO.js";
import "./chunk-UU2IJIGQ.js";
import {
  RedisFaultLatch
} from "./chunk-QLQAZYYH.js";
import {
  parseRedisQueueUrl,
  redactQueueUrl
} from "./chunk-QDXHEC6X.js";
import "./chunk-PTSGJIAI.js";
import {
  ConfigError,
  RuntimeError
} from "./chunk-4OEG5RSY.js";

// dist/distributed/coordinator.js
import { hostname } from "node:os";

// dist/distributed/worker-pool.js
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

// dist/distributed/report-merger.js
var ReportMerger = class {
  recorder;
  tallies = /* @__PURE__ */ new Map();
  /** Processor time of every worker, summed. */
  times = NO_TIMES;
  /** Reports that never arrived, by worker (a gap in its sequence numbers). */
  missing = /* @__PURE__ */ new Map();
  constructor(recorder) {
    this.recorder = recorder;
  }
  add(report) {
    const tally = this.tallyOf(report.worker);
    if (report.seq <= tally.lastSeq)
      return;
    this.recorder.absorb(report.part);
    if (report.seq !== tally.lastSeq + 1) {
      this.missing.set(report.worker, (this.missing.get(report.worker) ?? 0) + report.seq - tally.lastSeq - 1);
    }
    tally.lastSeq = report.seq;
    tally.reports++;
    const { part } = report;
    tally.delivered += part.delivered;
    tally.deadLettered += part.deadLettered;
    tally.deliveries += part.deliveries;
    tally.failed += part.failed;
    tally.duplicates += part.duplicates;
    tally.endToEnd.addEncoded(part.endToEnd, part.extremes.endToEnd);
    tally.rssPeakMB = Math.max(tally.rssPeakMB, report.resources.rssMB, report.summary?.rssPeakMB ?? 0);
    tally.cpuPeakPct = Math.max(tally.cpuPeakPct, report.resources.cpuPct, report.summary?.cpuPeakPct ?? 0);
    if (report.final)
      tally.finished = true;
    this.times = addTimes(this.times, report.times);
  }
  /** Whether `worker` sent its final report. */
  finished(worker) {
    return this.tallies.get(worker)?.finished === true;
  }
  /** One row per worker that joined. */
  rows(workers) {
    return workers.map((info) => {
      const tally = this.tallyOf(info.id);
      return {
        id: info.id,
        host: info.host,
        pid: info.pid,
        status: tally.finished ? "finished" : "lost",
        reports: tally.reports,
        delivered: tally.delivered,
        deadLettered: tally.deadLettered,
        deliveries: tally.deliveries,
        failed: tally.failed,
        duplicates: tally.duplicates,
        latency: tally.endToEnd.summary(),
        histogram: tally.endToEnd.encode(),
        rssPeakMB: tally.rssPeakMB,
        cpuPeakPct: tally.cpuPeakPct,
        clockCorrectionMs: info.clockCorrectionMs ?? 0
      };
    });
  }
  tallyOf(worker) {
    let tally = this.tallies.get(worker);
    if (!tally) {
      tally = {
        reports: 0,
        lastSeq: 0,
        finished: false,
        delivered: 0,
        deadLettered: 0,
        deliveries: 0,
        failed: 0,
        duplicates: 0,
        endToEnd: new LatencyHistogram(),
        rssPeakMB: 0,
        cpuPeakPct: 0
      };
      this.tallies.set(worker, tally);
    }
    return tally;
  }
};

// dist/distributed/worker-pool.js
var POLL_MS = 200;
var LONELY_AFTER_MS = 3e3;
var JOIN_TIMEOUT_MS = 3e4;
var JOIN_POLL_MS = 50;
var LOST_PATIENCE_MS = 1e4;
var STOP_GRACE_MS = 3e4;
var WorkerPool = class {
  store;
  queue;
  recorder;
  options;
  merger;
  children = [];
  running = 0;
  phase = "producing";
  known = [];
  /** Workers that stopped beating, and when they were found so. */
  lost = /* @__PURE__ */ new Map();
  beatAt = 0;
  warnings = [];
  gaveUp = false;
  constructor(store, queue, recorder, options) {
    this.store = store;
    this.queue = queue;
    this.recorder = recorder;
    this.options = options;
    this.merger = new ReportMerger(recorder);
  }
  /** Processor time of all workers, summed. */
  get times() {
    return this.merger.times;
  }
  /** Start the local workers. */
  start() {
    for (let i = 0; i < this.options.spawn; i++)
      this.spawnWorker();
    const join = `swarm-stress worker --queue URL --run ${this.store.runId}`;
    this.options.say(this.options.spawn > 0 ? `run ${this.store.runId}: ${this.options.spawn} local worker(s) started; more can join with ${join}` : `run ${this.store.runId}: waiting for workers; start them with ${join}`);
  }
  /**
   * Wait until the local workers have joined, so that the run's clock does not count their
   * start-up as queue wait. Throws a RuntimeError when they exit or take too long.
   */
  async waitForLocalWorkers() {
    const deadline = Date.now() + JOIN_TIMEOUT_MS;
    for (; ; ) {
      await this.beat();
      const joined = (await this.store.workers()).length;
      if (joined >= this.options.spawn)
        return;
      if (this.running === 0) {
        throw new RuntimeError(`${this.options.spawn - joined} local worker(s) exited before joining the run (their errors are above)`);
      }
      if (Date.now() > deadline) {
        throw new RuntimeError(`only ${joined} of ${this.options.spawn} local workers joined within ${JOIN_TIMEOUT_MS / 1e3} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, JOIN_POLL_MS));
    }
  }
  /** Until the work is done, or stopped and every worker has said its last. */
  async run(control) {
    const startedAt = Date.now();
    let stoppedAt;
    let saidLonely = false;
    for (; ; ) {
      await this.beat();
      await this.absorbReports();
      if (this.phase === "producing" && control.producerDone())
        await this.setPhase("produced");
      if (control.stopRequested() && this.phase !== "stopped") {
        await this.setPhase("stopped");
        stoppedAt = Date.now();
      }
      await this.lookAtWorkers();
      const settledIn = this.known.every((w) => this.merger.finished(w.id) || this.lost.has(w.id));
      if (this.phase === "stopped") {
        if (settledIn || Date.now() - (stoppedAt ?? 0) > STOP_GRACE_MS)
          return;
      } else if (this.phase === "produced" && this.known.length > 0 && settledIn) {
        if (outstanding(await this.queue.depth()) === 0)
          return;
      }
      if (this.known.length > 0 && this.running === 0 && this.aliveCount() === 0 && this.lostForGood()) {
        this.gaveUp = true;
        this.warnings.push("every worker stopped before the work was done: the rest is reported as pending");
        return;
      }
      if (!saidLonely && this.known.length === 0 && Date.now() - startedAt > LONELY_AFTER_MS) {
        saidLonely = true;
        this.options.say(`run ${this.store.runId}: no worker has joined yet`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  /**
   * Read the last reports and take the run store's count of final outcomes, which holds also
   * what a lost worker settled but never reported.
   */
  async reconcile() {
    await this.absorbReports();
    await this.lookAtWorkers();
    const outcomes = await this.store.outcomes();
    const reported = this.recorder.counts();
    const unreported = outcomes.delivered + outcomes.deadLettered - reported.delivered - reported.deadLettered;
    const lost = this.known.filter((w) => !this.merger.finished(w.id));
    if (lost.length > 0) {
      this.warnings.push(`${lost.length} worker(s) stopped beating without a final report (${lost.map((w) => w.id).join(", ")}): their leased messages were handed to others; ${unreported} outcome(s) they settled after their last report are counted from the run store, without latencies or delivery attempts; their per-agent latencies are missing too, since those come in a worker's final report`);
    } else if (unreported !== 0) {
      this.warnings.push(`the workers reported ${reported.delivered + reported.deadLettered} final outcomes, the run store counted ${outcomes.delivered + outcomes.deadLettered}: the store's count is used`);
    }
    for (const [worker, n] of this.merger.missing) {
      this.warnings.push(`${n} report(s) of worker ${worker} never arrived`);
    }
    this.recorder.setOutcomes(outcomes);
    return {
      workers: this.merger.rows(this.known),
      warnings: this.warnings,
      settledDistinct: outcomes.settled,
      gaveUp: this.gaveUp
    };
  }
  /**
   * What is known without asking Redis, after a fault took it away: the workers' reports merged
   * so far. Outcomes settled after a worker's last report, and the distinct count only the run
   * store keeps, are unknown.
   */
  partial() {
    return {
      workers: this.merger.rows(this.known),
      warnings: this.warnings,
      settledDistinct: void 0,
      gaveUp: this.gaveUp
    };
  }
  /** Stop local workers that are still running (after a failure of the coordinator). */
  kill() {
    for (const child of this.children)
      if (child.exitCode === null)
        child.kill("SIGKILL");
  }
  async setPhase(phase) {
    this.phase = phase;
    await this.store.setPhase(phase);
  }
  async absorbReports() {
    for (; ; ) {
      const reports = await this.store.newReports();
      for (const report of reports)
        this.merger.add(report);
      if (reports.length === 0)
        return;
    }
  }
  async lookAtWorkers() {
    this.known = await this.store.workers();
    const pending = this.known.filter((w) => !this.merger.finished(w.id));
    const alive = await this.store.alive(pending.map((w) => w.id));
    for (const worker of pending) {
      if (alive.has(worker.id)) {
        if (this.lost.delete(worker.id))
          this.options.say(`worker ${worker.id} is back`);
        continue;
      }
      if (this.lost.has(worker.id))
        continue;
      await this.absorbReports();
      if (this.merger.finished(worker.id))
        continue;
      this.lost.set(worker.id, Date.now());
      this.options.say(`worker ${worker.id} stopped beating; its leased messages go to the others`);
    }
  }
  /**
   * Whether the lost workers have been quiet long enough not to come back: a worker that only
   * stalled beats again well within its visibility timeout.
   */
  lostForGood() {
    const patience = Math.max(this.options.visibilityMs, LOST_PATIENCE_MS);
    const latest = Math.max(0, ...this.lost.values());
    return Date.now() - latest > patience;
  }
  /** Renew the coordinator's heartbeat, its hold on the stream and its keys, once a second. */
  async beat() {
    if (Date.now() - this.beatAt < BEAT_EVERY_MS)
      return;
    this.beatAt = Date.now();
    await this.store.beatAsCoordinator(this.options.stream, COORDINATOR_BEAT_TTL_MS, RUN_KEYS_KEEP_MS);
  }
  aliveCount() {
    return this.known.filter((w) => !this.merger.finished(w.id) && !this.lost.has(w.id)).length;
  }
  spawnWorker() {
    const child = spawn(process.execPath, [cliPath(), "worker", "--run", this.store.runId], {
      // The URL may hold a password: the environment keeps it out of `ps`. A local worker
      // leaves a Redis fault for the coordinator to report, once.
      env: { ...process.env, SWARM_STRESS_QUEUE: this.options.url, [LOCAL_WORKER_ENV]: "1" },
      stdio: ["ignore", "ignore", "inherit"]
    });
    this.running++;
    child.once("exit", () => {
      this.running--;
    });
    child.once("error", (error) => {
      this.warnings.push(`a local worker could not start: ${error.message}`);
    });
    this.children.push(child);
  }
};
function cliPath() {
  const built = fileURLToPath(new URL("../cli/main.js", import.meta.url));
  if (existsSync(built))
    return built;
  return fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
}

// dist/distributed/coordinator.js
async function coordinate(config, recorder, say) {
  const url = config.queue;
  const target = parseRedisQueueUrl(url);
  const id = newRunId();
  const named = /[?&]stream=/.test(url);
  const run = {
    id,
    config: { ...config, queue: redactQueueUrl(url) },
    stream: named ? target.stream : `${target.stream}-${id}`,
    startedAt: Date.now(),
    coordinator: { host: hostname(), pid: process.pid }
  };
  const access = await connectRunStore(url, id, new RedisFaultLatch());
  try {
    const described = { ...run, clockOffsetMs: await clockOffsetToRedis(access.redis) };
    const owner = await access.store.claimStream(described.stream, COORDINATOR_BEAT_TTL_MS);
    if (owner !== void 0) {
      throw new ConfigError(`queue stream ${described.stream} is in use by run ${owner}: wait for it to end, or name another stream (?stream=NAME)`);
    }
    if (!await access.store.publish(described)) {
      throw new ConfigError(`run id ${id} is taken at ${target.display}; try again`);
    }
    await access.store.beatAsCoordinator(described.stream, COORDINATOR_BEAT_TTL_MS, RUN_KEYS_KEEP_MS);
    let queue;
    try {
      queue = await openRunQueue(url, described, `coordinator-${id}`, access.latch, true);
    } catch (error) {
      await access.store.releaseStream(described.stream).catch(() => {
      });
      throw error;
    }
    const pool = new WorkerPool(access.store, queue, recorder, {
      url,
      stream: described.stream,
      spawn: config.workers ?? 0,
      visibilityMs: config.visibilityTimeout,
      say
    });
    pool.start();
    try {
      await pool.waitForLocalWorkers();
    } catch (error) {
      pool.kill();
      await queue.close().catch(() => {
      });
      await purgeStream(url, described.stream);
      await access.store.releaseStream(described.stream).catch(() => {
      });
      throw error;
    }
    return { url, run: described, queue, pool, access };
  } catch (error) {
    await access.store.purge().catch(() => {
    });
    await access.close();
    throw error;
  }
}
async function purgeStream(url, stream) {
  const { RedisQueue } = await import("./redis-2M3UROQB.js");
  await RedisQueue.purge(url, stream).catch(() => {
  });
}
function storeOutcomes(coordination) {
  return async (seqs) => {
    const { settled, dead } = await coordination.access.store.settledOf(seqs);
    return { isSettled: (seq) => settled.has(seq), isDeadLettered: (seq) => dead.has(seq) };
  };
}
async function closeCoordination(coordination, failed) {
  const { access, queue, pool, run } = coordination;
  const redisFailed = access.latch.error !== void 0;
  if (failed || redisFailed)
    pool.kill();
  if (!redisFailed)
    await access.store.finish().catch(() => {
    });
  await queue.close().catch(() => {
  });
  if (!redisFailed) {
    await purgeStream(coordination.url, run.stream);
    await access.store.releaseStream(run.stream).catch(() => {
    });
  }
  await access.close();
}

// dist/run/distributed-plan.js
var DistributedPlan = class {
  config;
  recorder;
  say;
  chaos = void 0;
  onEnqueued = void 0;
  coordination;
  pooled;
  constructor(config, recorder, say) {
    this.config = config;
    this.recorder = recorder;
    this.say = say;
  }
  async open() {
    this.coordination = await coordinate(this.config, this.recorder, this.say);
  }
  get queue() {
    return this.coordinated().queue;
  }
  catchUp() {
    return [];
  }
  consumer() {
    return this.coordinated().pool;
  }
  async conclude(faults) {
    const { pool } = this.coordinated();
    try {
      this.pooled = await pool.reconcile();
    } catch (error) {
      faults.couldNotLearn(error, "outcomes workers settled after their last report, and how many distinct messages settled: the run store could not be read");
      this.pooled = pool.partial();
    }
    return this.pooled.warnings;
  }
  get settled() {
    return storeOutcomes(this.coordinated());
  }
  async finishRecording() {
    return void 0;
  }
  settledDistinct() {
    return this.pooled?.settledDistinct;
  }
  get gaveUp() {
    return this.pooled?.gaveUp === true;
  }
  /** The core the configuration names, which every worker loads. */
  get coreName() {
    return this.config.core;
  }
  get workers() {
    return this.pooled?.workers;
  }
  async close(failed) {
    if (this.coordination)
      await closeCoordination(this.coordination, failed);
    return void 0;
  }
  coordinated() {
    if (this.coordination === void 0)
      throw new Error("the run is used before it is open");
    return this.coordination;
  }
};
export {
  DistributedPlan
};
