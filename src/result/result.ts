import type { RunConfig } from "../config/run-settings.js";
import type { MessageType } from "../model/message.js";

/** Percentiles of a latency distribution, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** Identifies the shape of {@link RunResult}; bumped on any incompatible change. */
export const RESULT_SCHEMA = "swarm-stress/result@1";

/**
 * Message and delivery counts. A message counts once in `generated` and ends in exactly one of
 * `delivered`, `deadLettered`, `pending` or `dropped`; the delivery fields count per recipient
 * and attempt.
 */
export interface Totals {
  /** Messages the generator produced. */
  readonly generated: number;
  /** Messages delivered to every recipient. */
  readonly delivered: number;
  /** Failed delivery attempts (per recipient), including timeouts. */
  readonly failed: number;
  /** Of `failed`, attempts that timed out. */
  readonly timedOut: number;
  /** Times a message was sent back to the queue for another attempt. */
  readonly retried: number;
  /** Messages that exhausted their attempts. */
  readonly deadLettered: number;
  /** Messages still queued when the run ended (only when it was stopped early). */
  readonly pending: number;
  /**
   * Messages an open run made on schedule but dropped, the backlog for a full queue being at
   * its bound (`maxBacklog`): never queued, counted apart from the rest. Absent in results
   * saved before open load.
   */
  readonly dropped?: number;
  /**
   * Times a message that had already reached its final outcome was handed out or settled again
   * (at-least-once redelivery after a lease expired). Never counted as deliveries.
   */
  readonly duplicates: number;
  /** Successful deliveries (per recipient: a broadcast to 8 agents adds 8). */
  readonly deliveries: number;
  /** Delivery attempts (per recipient): `deliveries + failed`. */
  readonly attempts: number;
}

/** Counts and end-to-end latency of one slice of the traffic (a message type, an agent). */
export interface GroupStats {
  readonly generated: number;
  readonly delivered: number;
  readonly deadLettered: number;
  readonly pending: number;
  /** Dropped by an open run's full backlog; absent in results saved before open load. */
  readonly dropped?: number;
  readonly deliveries: number;
  readonly failed: number;
  /** `delivered / generated`. */
  readonly successRate: number;
  /** End-to-end latency of the messages of this slice that were delivered. */
  readonly latency: LatencySummary;
}

/** Per-agent stats: the agent as sender, plus what it received as recipient. */
export interface AgentStats extends GroupStats {
  /** Successful deliveries to this agent. */
  readonly received: number;
}

/** Process resources sampled during the run. */
export interface ResourceStats {
  /**
   * Milliseconds from the process's start (`performance.timeOrigin`) to the run's start: what
   * starting Node.js and loading swarm-stress cost a command-line run; in a longer-lived
   * process, its age when the run began. Absent in results saved before it was measured.
   */
  readonly startUpMs?: number;
  /** RSS at the run's start: Node.js with what it had loaded, before any message. */
  readonly rssAtStartMB?: number;
  readonly rssPeakMB: number;
  readonly rssAvgMB: number;
  readonly heapPeakMB: number;
  readonly heapAvgMB: number;
  /** CPU time over wall time, in % of one core (may exceed 100 with worker threads). */
  readonly cpuPeakPct: number;
  readonly cpuAvgPct: number;
  readonly eventLoopLagP99Ms: number;
  readonly eventLoopLagMaxMs: number;
  readonly samples: number;
  /**
   * True when the harness itself was the bottleneck: its own work took at least half the
   * processing time, or its event loop lagged by more than the core's longest call explains.
   * Then the figures describe the generator, not the system under test.
   */
  readonly generatorSaturated: boolean;
}

/** What a core that talks to its receivers over connections saw of them. */
export interface ConnectionStats {
  /** Connections opened over the run (a keep-alive pool reuses them). */
  readonly opened: number;
  /** Most open at once. */
  readonly openPeak: number;
  /** Time to connect, from asking for a socket to its being connected, ms (0 when none). */
  readonly connectMsAvg: number;
  readonly connectMsMax: number;
  /** Failed requests by kind: an error code (`ECONNREFUSED`) or `HTTP 503`. */
  readonly errors: Readonly<Record<string, number>>;
}

/** Queue depth sampled during the run. */
export interface QueueStats {
  readonly driver: string;
  readonly capacity: number;
  /** Most messages held at once (ready + delayed + leased). */
  readonly depthPeak: number;
  readonly depthAvg: number;
  /** Times the producer had to wait because the queue was full. */
  readonly saturationEvents: number;
}

/**
 * What an open run (`load: open`) offered the pipeline and what got in. Absent for a closed run
 * and in results saved before open load.
 */
export interface LoadStats {
  /** Arrivals per second the schedule made, over the span of their intended times. */
  readonly offeredPerSec: number;
  /**
   * Messages per second the queue accepted, from the first intended time to the last
   * acceptance: the offered rate while the pipeline keeps up, less once it cannot.
   */
  readonly sentPerSec: number;
  /** Arrivals dropped because the backlog held for a full queue was at `maxBacklog`. */
  readonly dropped: number;
  /** Most messages held at once, made on schedule, waiting for room in the queue. */
  readonly backlogPeak: number;
  /** From each message's intended time to the queue accepting it, per message sent. */
  readonly sendLag: LatencySummary;
  /**
   * How fast the backlog (the queue's and the harness's) grew while messages arrived, messages
   * per second: what the queue and the harness still held when arrivals ended, over the span
   * of the arrivals. About 0 while the pipeline keeps up (a batch in flight aside), its
   * shortfall per second once it cannot.
   */
  readonly depthSlopePerSec: number;
}

/** Kinds of fault the chaos switch injects. */
export type ChaosKind = "failureBurst" | "latencySpike" | "queueSaturation" | "memoryPressure";

/** Chaos injected during the run. */
export interface ChaosStats {
  readonly enabled: boolean;
  /** Events by kind: bursts and spikes started, saturation waits, pressure episodes. */
  readonly events: Readonly<Record<ChaosKind, number>>;
  readonly total: number;
}

/** One second of the run. */
export interface TimelinePoint {
  /** Seconds since the start of the run, at the end of this interval. */
  readonly t: number;
  readonly delivered: number;
  readonly deliveries: number;
  readonly failed: number;
  readonly deadLettered: number;
  readonly endToEndP50Ms: number;
  /** Absent in results saved before it was added. */
  readonly endToEndP95Ms?: number;
  readonly endToEndP99Ms: number;
  readonly depth: number;
  readonly rssMB: number;
  readonly cpuPct: number;
  /** Open load: arrivals made in this second (dropped ones too). */
  readonly offered?: number;
  /** Open load: messages the queue accepted in this second. */
  readonly sent?: number;
  /** Open load: arrivals dropped in this second. */
  readonly dropped?: number;
  /**
   * Open load: end-to-end percentiles of the messages delivered in this second measured from
   * when the queue accepted each (`latency.endToEndUncorrected`'s per-second view), beside the
   * corrected `endToEndP*Ms` (from the intended arrival). Absent from closed runs, from a
   * second with no delivered message that kept its acceptance time, and from results saved
   * before they were added.
   */
  readonly endToEndUncorrectedP50Ms?: number;
  readonly endToEndUncorrectedP95Ms?: number;
  readonly endToEndUncorrectedP99Ms?: number;
  /**
   * How many intervals this point stands for, when a long run's older seconds were merged to
   * keep the timeline bounded (absent: one). Its counts are then the intervals' sums, its
   * percentiles the highest of theirs (an upper bound), its RSS their peak.
   */
  readonly merged?: number;
}

/** The audit that closes every run. */
export interface Audit {
  /** `generated = delivered + deadLettered + pending` overall, per type and per agent. */
  readonly balanced: boolean;
  /** Messages generated but neither delivered, dead-lettered nor still queued. */
  readonly lost: number;
  readonly duplicates: number;
  /** One line per imbalance found; empty when balanced. */
  readonly problems: readonly string[];
  /**
   * The receivers' side (`verify`): the agents' receipts held against the harness's count of
   * each (message, recipient) pair. Absent for a run without `verify`, and in results saved
   * before it.
   */
  readonly receiver?: ReceiverAudit;
}

/** One (message, recipient) pair the receiver audit names. */
export interface ReceiverPair {
  /** The swarm message's id (`m<seq>`). */
  readonly id: string;
  readonly recipient: string;
  /** Attempts the harness counted (any outcome) and those it counted delivered. */
  readonly attempts: number;
  readonly delivered: number;
  /** What the recipient's receipts say: deliveries it received and those it completed. */
  readonly received: number;
  readonly completed: number;
}

/** The agents' receipts against the harness's count (docs/metrics.md, the receiver audit). */
export interface ReceiverAudit {
  /** Where the receipts were read: the agents server's base URL. */
  readonly url: string;
  /** True when no pair is lost, duplicated or received-but-failed, and the receipts were read. */
  readonly balanced: boolean;
  /** (message, recipient) pairs the harness attempted. */
  readonly pairs: number;
  /** Pairs the harness counted delivered. */
  readonly pairsDelivered: number;
  /** Pairs the harness counted delivered that the recipient has no receipt of. */
  readonly lostAtReceiver: number;
  /** Pairs the recipient received more times than the harness sent them. */
  readonly duplicatesAtReceiver: number;
  /**
   * Pairs the recipient completed more often than the harness counted them delivered, beyond
   * what a duplicate explains: an attempt counted failed, timed out or dead-lettered that the
   * agent did (a late answer, say).
   */
  readonly receivedButFailed: number;
  /** The first few pairs of each kind, for a look. */
  readonly sample: {
    readonly lostAtReceiver: readonly ReceiverPair[];
    readonly duplicatesAtReceiver: readonly ReceiverPair[];
    readonly receivedButFailed: readonly ReceiverPair[];
  };
  /** Why the receipts could not be read at the end; absent when they were. */
  readonly unreadable?: string;
}

/** Dead letters of the run. */
export interface DeadLetterStats {
  readonly count: number;
  /** Dead letters by the reason of their last failure. */
  readonly byReason: Readonly<Record<string, number>>;
  /** The first few, for a look at what went wrong. */
  readonly sample: readonly {
    readonly id: string;
    readonly type: MessageType;
    readonly sender: string;
    readonly recipients: readonly string[];
    readonly attempts: number;
    readonly error: string;
  }[];
}

/** Where the run happened. */
export interface Environment {
  readonly swarmStress: string;
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemoryMB: number;
  readonly hostname: string;
}

/**
 * What the harness itself cost: the processing span less the core's time, the configured pauses
 * and the time the thread had nothing to run. `spanMs = deliveringMs + pausedMs + idleMs +
 * overheadMs`. In a distributed run, the workers' figures added up.
 */
export interface HarnessStats {
  readonly batches: number;
  /**
   * From the start of processing to its end, ms (the workers' spans added up in a distributed
   * run). Absent in results saved before it was added.
   */
  readonly spanMs?: number;
  /** The core's time: wall time with at least one deliver call in flight, ms. */
  readonly deliveringMs: number;
  /** In the configured pauses between batches, ms. */
  readonly pausedMs: number;
  /** The thread had nothing to run outside deliveries and pauses, ms. */
  readonly idleMs: number;
  /** What is left: the harness's own work (generating, queueing, settling, recording), ms. */
  readonly overheadMs: number;
  /** `overheadMs` per settled message, in microseconds. */
  readonly overheadUsPerMessage: number;
  /**
   * Longest a single deliver call held the thread before returning, ms. Absent in results
   * saved before it was added.
   */
  readonly coreBlockMaxMs?: number;
  /**
   * Open load: how late the harness made messages against their intended times, p99, ms. Its
   * own lag, apart from waiting for room in the queue (that is `load.sendLag`).
   */
  readonly scheduleLagP99Ms?: number;
  /**
   * Open load: whether the harness kept the arrival schedule: `scheduleLagP99Ms` at most 1 ms
   * beyond the longest an in-process core's call held the thread (`coreBlockMaxMs`: that lag
   * is the core's), and the harness not the bottleneck. When false, the offered rate was not
   * the configured one, and the figures describe swarm-stress more than the system under test.
   */
  readonly scheduleKept?: boolean;
}

/** One worker process of a distributed run (`queue: redis://…`, `workers`). */
export interface WorkerStats {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** `finished`: it sent its final report; `lost`: it stopped beating without one. */
  readonly status: "finished" | "lost";
  /** Reports received; a lost worker's last interval is missing from its figures. */
  readonly reports: number;
  /** Its own counts, as it reported them (a message settled twice counts in both workers). */
  readonly delivered: number;
  readonly deadLettered: number;
  readonly deliveries: number;
  readonly failed: number;
  readonly duplicates: number;
  /** End-to-end latency of the messages it delivered. */
  readonly latency: LatencySummary;
  /** The same as an HDR histogram (µs, compressed base64): the run's is the sum of these. */
  readonly histogram: string;
  readonly rssPeakMB: number;
  readonly cpuPeakPct: number;
  /**
   * Added to messages' scheduled times (the coordinator's clock) to put them on this worker's:
   * its clock's offset to Redis less the coordinator's; 0 on the coordinator's machine.
   */
  readonly clockCorrectionMs: number;
}

/** Comparison operators of a threshold. */
export type ThresholdOperator = "<" | "<=" | ">" | ">=" | "==";

/** One threshold after the run: what it asked, what was measured, and the verdict. */
export interface ThresholdOutcome {
  /** The threshold as written, e.g. `latency.endToEnd.p99<5ms`. */
  readonly expression: string;
  /** Dotted path of the RunResult field, e.g. `latency.endToEnd.p99`. */
  readonly metric: string;
  readonly operator: ThresholdOperator;
  /** The limit in the field's own unit (ms for latencies, 0..1 for rates). */
  readonly limit: number;
  /** The measured value in the field's unit; null when the run has no such value. */
  readonly value: number | null;
  /** The field's unit, for display: `ms`, `ratio`, `msg/s`, `MB`, `%`, `us` or `count`. */
  readonly unit: string;
  readonly passed: boolean;
  /** True for the threshold that stopped the run early (`abortOnFail`): it could no longer pass. */
  readonly abortedRun?: boolean;
  /**
   * True when the run stopped early and this threshold did not stop it: its value is of a
   * partial run, so it is not judged (`passed` is false, and not counted as a failure).
   */
  readonly partial?: boolean;
}

/**
 * A fault of the run's environment that stopped it before its end: a broker that went away, a
 * disk that filled, a file that could not be written. The figures before it stand; what the
 * fault left unknown is said, not guessed.
 */
export interface RunFault {
  /** What went wrong, in one line. */
  readonly reason: string;
  /** What could not be established because of it, one line each (say, what the queue holds). */
  readonly unknown: readonly string[];
}

/** Everything a run measured: one typed, versioned JSON document. */
export interface RunResult {
  readonly schema: typeof RESULT_SCHEMA;
  readonly config: RunConfig;
  /** Core actually used (`mock` or the module path). */
  readonly core: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** True when the run was stopped before every message was settled. */
  readonly stoppedEarly: boolean;
  /** Set when a fault of the environment stopped the run; absent when none did. */
  readonly fault?: RunFault;
  readonly totals: Totals;
  /** Messages delivered over messages generated. */
  readonly successRate: number;
  /** Successful delivery attempts over all delivery attempts. */
  readonly attemptSuccessRate: number;
  readonly throughput: {
    /** Messages settled (delivered or dead-lettered) per second. */
    readonly messagesPerSec: number;
    /** Successful per-recipient deliveries per second. */
    readonly deliveriesPerSec: number;
  };
  readonly latency: {
    /**
     * From a message's scheduled time to its last delivery, per delivered message. Under open
     * load, the intended time from the schedule: corrected for coordinated omission.
     */
    readonly endToEnd: LatencySummary;
    /**
     * From when the queue first accepted a message to its last delivery, per delivered message
     * whose queue keeps that time (memory, SQLite; not yet Redis): what the queue sees, blind
     * to waiting to get in. Absent in results saved before open load.
     */
    readonly endToEndUncorrected?: LatencySummary;
    /** From enqueue to lease, per lease. */
    readonly queueWait: LatencySummary;
    /** From the deliver call to its outcome, per attempt. */
    readonly delivery: LatencySummary;
  };
  readonly byType: Readonly<Partial<Record<MessageType, GroupStats>>>;
  readonly byAgent: Readonly<Record<string, AgentStats>>;
  readonly resources: ResourceStats;
  readonly queue: QueueStats;
  /** An open run's load; absent for a closed one. */
  readonly load?: LoadStats;
  readonly chaos: ChaosStats;
  readonly harness: HarnessStats;
  readonly timeline: readonly TimelinePoint[];
  /** HDR histograms (microseconds), compressed base64, mergeable across runs and processes. */
  readonly histograms: {
    readonly endToEnd: string;
    readonly queueWait: string;
    readonly delivery: string;
    /** Absent in results saved before open load. */
    readonly endToEndUncorrected?: string;
    /** Open load only. */
    readonly sendLag?: string;
  };
  readonly deadLetters: DeadLetterStats;
  readonly audit: Audit;
  /** The worker processes of a distributed run; absent for a run in one process. */
  readonly workers?: readonly WorkerStats[];
  /** The connections of a core that keeps them (`http:`, `a2a:`); absent for the others. */
  readonly connections?: ConnectionStats;
  /**
   * The run's thresholds (`config.thresholds`) with their measured values and verdicts;
   * absent in results saved before thresholds existed.
   */
  readonly thresholds?: readonly ThresholdOutcome[];
  /** Things the reader should know before trusting the figures. */
  readonly warnings: readonly string[];
  readonly environment: Environment;
}
