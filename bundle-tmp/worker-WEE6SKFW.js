import {
  BEAT_EVERY_MS,
  RUN_KEYS_KEEP_MS,
  WORKER_BEAT_TTL_MS,
  clockOffsetToRedis
} from "./chunk-QOXTSG4O.js";
import {
  Processor,
  Recorder,
  Sampler,
  closeCore,
  initCore,
  openCore,
  processorOptions
} from "./chunk-ASUJGDFV.js";
import "./chunk-D4KOJIO3.js";
import {
  NO_TIMES,
  timesSince
} from "./chunk-DXVUV3UL.js";
import "./chunk-DRKPRUOT.js";
import {
  agentNames
} from "./chunk-CPDNQIBT.js";
import "./chunk-FGMWFILK.js";
import "./chunk-URGUNIOF.js";
import "./chunk-ZX2PIGHC.js";
import "./chunk-PJUSC7PT.js";
import {
  typesSent
} from "./chunk-HO7RTZVS.js";
import "./chunk-7RRR65MG.js";
import "./chunk-2K75BOFE.js";
import "./chunk-ANFZG24T.js";
import "./chunk-QCUIJKYM.js";
import {
  connectRunStore,
  openRunQueue,
  runFinished
} from "./chunk-JOB5VCV5.js";
import "./chunk-T3WPMGMO.js";
import "./chunk-UU2IJIGQ.js";
import {
  RedisFault
} from "./chunk-QLQAZYYH.js";
import {
  redactQueueUrl
} from "./chunk-QDXHEC6X.js";
import "./chunk-PTSGJIAI.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/distributed/worker.js
import { hostname } from "node:os";

// dist/metrics/recorder-delta.js
var AGENTS_REPORTED_EVERY_SECOND = 1e3;

// dist/distributed/delta-taker.js
var DeltaTaker = class {
  recorder;
  counts = ZERO;
  previous = /* @__PURE__ */ new Map();
  typeCounts = /* @__PURE__ */ new Map();
  agentCounts = /* @__PURE__ */ new Map();
  constructor(recorder) {
    this.recorder = recorder;
  }
  /** What the recorder gained since the last call; with `final`, the per-agent part too. */
  take(final) {
    const recorder = this.recorder;
    const totals = recorder.totals(0);
    const counts = this.counts;
    this.counts = totals;
    const endToEnd = this.delta(recorder.endToEnd);
    const lastSettledAt = recorder.lastSettledOnSchedulerClock;
    const types = {};
    for (const [type, group] of recorder.byType()) {
      const before = this.typeCounts.get(type) ?? ZERO_SLICE;
      const now = sliceCounts(group);
      this.typeCounts.set(type, now);
      types[type] = {
        ...subtract(now, before),
        received: 0,
        latency: group.latency === recorder.endToEnd ? endToEnd : this.delta(group.latency),
        ...extremesOf(group.latency)
      };
    }
    return {
      delivered: totals.delivered - counts.delivered,
      deadLettered: totals.deadLettered - counts.deadLettered,
      deliveries: totals.deliveries - counts.deliveries,
      failed: totals.failed - counts.failed,
      timedOut: totals.timedOut - counts.timedOut,
      retried: totals.retried - counts.retried,
      duplicates: totals.duplicates - counts.duplicates,
      ...lastSettledAt === void 0 ? {} : { lastSettledAt },
      endToEnd,
      queueWait: this.delta(recorder.queueWait),
      delivery: this.delta(recorder.delivery),
      endToEndUncorrected: this.delta(recorder.endToEndUncorrected),
      extremes: {
        ...optional("endToEnd", recorder.endToEnd.extremes),
        ...optional("queueWait", recorder.queueWait.extremes),
        ...optional("delivery", recorder.delivery.extremes),
        ...optional("endToEndUncorrected", recorder.endToEndUncorrected.extremes)
      },
      types,
      ...final || recorder.byAgent().size <= AGENTS_REPORTED_EVERY_SECOND ? { agents: this.agentDeltas(final) } : {},
      ...final ? { deadLetters: recorder.deadLetters() } : {}
    };
  }
  /**
   * What each agent's counts gained since they were last sent, for agents that changed; with
   * `final`, each touched agent's whole latency histogram too.
   */
  agentDeltas(final) {
    const parts = {};
    for (const [name, group] of this.recorder.byAgent()) {
      const before = this.agentCounts.get(name) ?? ZERO_SLICE;
      const now = sliceCounts(group);
      const delta = subtract(now, before);
      const touched = total(now) > 0;
      if (total(delta) === 0 && !(final && touched))
        continue;
      this.agentCounts.set(name, now);
      parts[name] = final ? { ...delta, latency: group.latency.encode(), ...extremesOf(group.latency) } : delta;
    }
    return parts;
  }
  /** The values `histogram` gained since the last call, encoded. */
  delta(histogram) {
    const before = this.previous.get(histogram);
    const now = histogram.copy();
    const change = now.copy();
    if (before)
      change.subtract(before);
    this.previous.set(histogram, now);
    return change.encode();
  }
};
var ZERO = {
  delivered: 0,
  deadLettered: 0,
  deliveries: 0,
  failed: 0,
  timedOut: 0,
  retried: 0,
  duplicates: 0
};
var ZERO_SLICE = {
  delivered: 0,
  deadLettered: 0,
  deliveries: 0,
  failed: 0,
  received: 0
};
function sliceCounts(group) {
  return {
    delivered: group.delivered,
    deadLettered: group.deadLettered,
    deliveries: group.deliveries,
    failed: group.failed,
    received: group.received
  };
}
function subtract(now, before) {
  return {
    delivered: now.delivered - before.delivered,
    deadLettered: now.deadLettered - before.deadLettered,
    deliveries: now.deliveries - before.deliveries,
    failed: now.failed - before.failed,
    received: now.received - before.received
  };
}
function total(counts) {
  return counts.delivered + counts.deadLettered + counts.deliveries + counts.failed + counts.received;
}
function extremesOf(histogram) {
  const extremes = histogram.extremes;
  return extremes ? { latencyExtremes: extremes } : {};
}
function optional(key, extremes) {
  return extremes ? { [key]: extremes } : {};
}

// dist/distributed/worker.js
var PHASE_POLL_MS = 200;
async function runWorker(options) {
  const say = options.say ?? (() => {
  });
  const access = await connectRunStore(options.url, options.runId);
  let queue;
  let core;
  let recorder;
  let closeTimeout = 0;
  const timers = [];
  try {
    const run = await access.store.descriptor();
    if (!run) {
      throw new ConfigError(`no run "${options.runId}" at ${redactQueueUrl(options.url)}: start one with swarm-stress run --queue URL --workers N and use the id it prints`);
    }
    const phase = await access.store.phase();
    if (phase === void 0 || phase === "finished") {
      throw new ConfigError(`run "${options.runId}" has already finished`);
    }
    const config = run.config;
    closeTimeout = config.closeTimeout;
    const info = {
      id: `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      host: hostname(),
      pid: process.pid,
      joinedAt: Date.now(),
      clockCorrectionMs: scheduleCorrection(await clockOffsetToRedis(access.redis), run)
    };
    const agents = agentNames(config.agents);
    const types = typesSent(config.types);
    recorder = new Recorder(agents, types, { scheduleCorrectionMs: info.clockCorrectionMs });
    queue = await openRunQueue(options.url, run, info.id, access.latch);
    core = options.deliveryCore ?? await openCore(config, agents, void 0);
    await initCore(core, config.initTimeout);
    await access.store.join(info);
    await access.store.heartbeat(info.id, WORKER_BEAT_TTL_MS);
    say(`worker ${info.id} joined run ${run.id}`);
    return await work({ access, run, queue, core, recorder, info }, options, timers);
  } finally {
    for (const timer of timers)
      clearInterval(timer);
    await queue?.close().catch(() => {
    });
    if (core)
      await closeCore(core, closeTimeout);
    await access.close();
  }
}
function scheduleCorrection(ownOffsetMs, run) {
  const correction = ownOffsetMs - run.clockOffsetMs;
  return Math.abs(correction) < MEASURABLE_SKEW_MS ? 0 : correction;
}
var MEASURABLE_SKEW_MS = 1;
async function work({ access, run, queue, core, recorder, info }, options, timers) {
  const store = access.store;
  let phase = await store.phase() ?? "finished";
  const taker = new DeltaTaker(recorder);
  const sampler = new Sampler({ readDepth: () => 0 });
  const processor = new Processor(queue, core, recorder, {
    ...processorOptions(run.config),
    persist: (records) => store.settle(records)
  });
  let reports = 0;
  let timesSent = NO_TIMES;
  let sending = Promise.resolve();
  const sendReport = (final) => {
    sending = sending.then(async () => {
      const times = processor.times;
      const latest = sampler.latest();
      await store.report({
        worker: info.id,
        seq: ++reports,
        at: Date.now(),
        final,
        part: taker.take(final),
        resources: {
          rssMB: latest?.rssMB ?? 0,
          heapMB: latest?.heapMB ?? 0,
          cpuPct: latest?.cpuPct ?? 0
        },
        times: timesSince(times, timesSent),
        ...final ? { summary: sampler.summary() } : {}
      });
      timesSent = times;
    });
    return sending;
  };
  sampler.start();
  timers.push(setInterval(() => {
    sendReport(false).catch(() => {
    });
    store.heartbeat(info.id, WORKER_BEAT_TTL_MS).catch(() => {
    });
    store.ensureExpiry(RUN_KEYS_KEEP_MS).catch(() => {
    });
  }, BEAT_EVERY_MS), setInterval(() => {
    Promise.all([store.phase(), store.coordinatorAlive()]).then(([now, coordinating]) => {
      if (now === void 0) {
        if (phase !== "finished")
          access.stateLost();
        return;
      }
      phase = coordinating || now === "finished" ? now : "stopped";
    }, () => {
    });
  }, PHASE_POLL_MS));
  let streamGone = false;
  try {
    await processor.run({
      // An aborted worker stops like a stopped run: at the next batch boundary.
      producerDone: () => phase !== "producing" || options.signal?.aborted === true,
      stopRequested: () => phase === "stopped" || phase === "finished" || options.signal?.aborted === true
    });
  } catch (error) {
    const stateLost = error instanceof RedisFault && error.kind === "state-lost";
    if (!stateLost || !await runFinished(options.url, run.id))
      throw error;
    streamGone = true;
  } finally {
    for (const timer of timers.splice(0))
      clearInterval(timer);
    await sampler.stop();
  }
  if (!streamGone)
    await sendReport(true);
  const totals = recorder.totals(0);
  return {
    id: info.id,
    delivered: totals.delivered,
    deadLettered: totals.deadLettered,
    duplicates: totals.duplicates,
    reports
  };
}
export {
  runWorker
};
