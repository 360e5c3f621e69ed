import type { AgentStats, GroupStats } from "../result/result.js";
import { LatencyHistogram } from "./histogram.js";

/** Running counts and end-to-end latency of one slice of the traffic. */
export class GroupCounter {
  generated = 0;
  delivered = 0;
  deadLettered = 0;
  /** Made but dropped for want of room in the backlog (open load): never queued. */
  dropped = 0;
  deliveries = 0;
  failed = 0;
  /** Deliveries received, when the slice is an agent. */
  received = 0;
  readonly latency: LatencyHistogram;

  /**
   * `digits`: histogram precision; per-agent slices use fewer to stay small with many agents.
   * `latency`: a histogram to share instead of a new one (a slice that is the whole traffic).
   */
  constructor(digits: 1 | 2 | 3, latency?: LatencyHistogram) {
    this.latency = latency ?? new LatencyHistogram(digits);
  }

  /** Messages of this slice queued and not yet settled. */
  get unsettled(): number {
    return this.generated - this.delivered - this.deadLettered - this.dropped;
  }

  /** Stats of the slice; `pending` is what the audit found still queued for it. */
  stats(pending: number): GroupStats {
    return {
      generated: this.generated,
      delivered: this.delivered,
      deadLettered: this.deadLettered,
      pending,
      dropped: this.dropped,
      deliveries: this.deliveries,
      failed: this.failed,
      successRate: this.generated === 0 ? 0 : this.delivered / this.generated,
      latency: this.latency.summary(),
    };
  }

  /** Stats of the slice as an agent. */
  agentStats(pending: number): AgentStats {
    return { ...this.stats(pending), received: this.received };
  }
}
