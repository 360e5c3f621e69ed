import { LatencyHistogram } from "../metrics/histogram.js";
import type { Recorder } from "../metrics/recorder.js";
import { addTimes, NO_TIMES, type ProcessorTimes } from "../processor/times.js";
import type { WorkerStats } from "../result/result.js";
import type { LiveWorker } from "./live-workers.js";
import type { WorkerInfo, WorkerReport } from "./protocol.js";

/** What the coordinator knows of one worker from its reports. */
interface WorkerTally {
  reports: number;
  lastSeq: number;
  finished: boolean;
  delivered: number;
  deadLettered: number;
  deliveries: number;
  failed: number;
  duplicates: number;
  readonly endToEnd: LatencyHistogram;
  rssPeakMB: number;
  cpuPeakPct: number;
}

/**
 * Adds the workers' reports into the coordinator's recorder as they arrive (counters summed,
 * histograms added bucket by bucket: exact, never averaged percentiles) and keeps a tally per
 * worker for the result's per-worker rows.
 */
export class ReportMerger {
  private readonly tallies = new Map<string, WorkerTally>();
  /** Processor time of every worker, summed. */
  times: ProcessorTimes = NO_TIMES;
  /** Reports that never arrived, by worker (a gap in its sequence numbers). */
  readonly missing = new Map<string, number>();
  /** The warnings the workers' final reports carried, each with the workers that sent it. */
  private readonly reported = new Map<string, string[]>();

  constructor(private readonly recorder: Recorder) {}

  add(report: WorkerReport): void {
    const tally = this.tallyOf(report.worker);
    // A report sent again after a broken connection (the first may have arrived): once only.
    if (report.seq <= tally.lastSeq) return;
    this.recorder.absorb(report.part);
    if (report.seq !== tally.lastSeq + 1) {
      this.missing.set(
        report.worker,
        (this.missing.get(report.worker) ?? 0) + report.seq - tally.lastSeq - 1,
      );
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
    tally.rssPeakMB = Math.max(
      tally.rssPeakMB,
      report.resources.rssMB,
      report.summary?.rssPeakMB ?? 0,
    );
    tally.cpuPeakPct = Math.max(
      tally.cpuPeakPct,
      report.resources.cpuPct,
      report.summary?.cpuPeakPct ?? 0,
    );
    if (report.final) tally.finished = true;
    for (const line of report.warnings ?? []) {
      this.reported.set(line, [...(this.reported.get(line) ?? []), report.worker]);
    }
    this.times = addTimes(this.times, report.times);
  }

  /**
   * The workers' warnings for the result, one line each: workers that met the same trouble
   * (a collector that is not there) are named once, with how many more did.
   */
  warnings(): string[] {
    return [...this.reported].map(([line, workers]) => {
      const more = workers.length > 1 ? ` (and ${workers.length - 1} more)` : "";
      return `worker ${workers[0]}${more}: ${line}`;
    });
  }

  /** Whether `worker` sent its final report. */
  finished(worker: string): boolean {
    return this.tallies.get(worker)?.finished === true;
  }

  /**
   * Each worker's counts so far, for a live view: cheap enough for once a second (no
   * histogram is encoded). `isLost` tells the workers that stopped beating.
   */
  live(workers: readonly WorkerInfo[], isLost: (id: string) => boolean): LiveWorker[] {
    return workers.map((info) => {
      const tally = this.tallies.get(info.id);
      const state = tally?.finished
        ? "finished"
        : isLost(info.id)
          ? "lost"
          : tally && tally.reports > 0
            ? "running"
            : "joined";
      return {
        id: info.id,
        host: info.host,
        state,
        reports: tally?.reports ?? 0,
        delivered: tally?.delivered ?? 0,
        deadLettered: tally?.deadLettered ?? 0,
        failed: tally?.failed ?? 0,
      };
    });
  }

  /** One row per worker that joined. */
  rows(workers: readonly WorkerInfo[]): WorkerStats[] {
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
        clockCorrectionMs: info.clockCorrectionMs ?? 0,
      };
    });
  }

  private tallyOf(worker: string): WorkerTally {
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
        cpuPeakPct: 0,
      };
      this.tallies.set(worker, tally);
    }
    return tally;
  }
}
