import type { Recorder } from "../metrics/recorder.js";
import type { ResourceSample } from "../metrics/sampler.js";
import type { Timeline } from "../metrics/timeline.js";
import type { ProgressSnapshot } from "./options.js";

/** Samples kept for the rolling rate: ten at 100 ms spans about a second. */
const RATE_WINDOW = 10;

/** Turns resource samples into live progress snapshots with a rate over the last second. */
export class ProgressTracker {
  private readonly times: number[] = [];
  private readonly settled: number[] = [];

  constructor(
    private readonly startedAt: number,
    private readonly total: number,
    private readonly recorder: Recorder,
    private readonly timeline: Timeline,
  ) {}

  /** A snapshot as of `sample`. */
  snapshot(sample: ResourceSample): ProgressSnapshot {
    const counts = this.recorder.counts();
    const settled = counts.delivered + counts.deadLettered;
    this.times.push(sample.at);
    this.settled.push(settled);
    if (this.times.length > RATE_WINDOW + 1) {
      this.times.shift();
      this.settled.shift();
    }
    const span = sample.at - (this.times[0] as number);
    const ratePerSec = span > 0 ? ((settled - (this.settled[0] as number)) * 1000) / span : 0;
    const live = this.recorder.endToEndSinceMark();
    const liveP99 = live.count > 0 ? live.percentile(99) : undefined;
    return {
      elapsedMs: sample.at - this.startedAt,
      total: this.total,
      generated: counts.generated,
      settled,
      delivered: counts.delivered,
      deadLettered: counts.deadLettered,
      failed: counts.failed,
      ratePerSec,
      endToEndP99Ms: liveP99 ?? this.timeline.latest?.endToEndP99Ms ?? 0,
      depth: sample.depth,
    };
  }
}
