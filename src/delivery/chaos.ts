import type { ChaosKind } from "../result/result.js";
import { keyedUniform } from "../util/random.js";

/** Deliveries per chaos window: each window independently may start each kind of fault. */
export const CHAOS_WINDOW = 50;

/** Odds that a window is a failure burst, a latency spike, or holds memory ballast. */
const ODDS: Readonly<Record<Exclude<ChaosKind, "queueSaturation">, number>> = {
  failureBurst: 0.05,
  latencySpike: 0.08,
  memoryPressure: 0.06,
};

/** How much slower deliveries are during a latency spike. */
export const SPIKE_FACTOR = 20;

/** Ballast held during a memory-pressure window. */
export const BALLAST_BYTES = 32 * 1024 * 1024;

/** The queue capacity chaos imposes, in batches, so the producer keeps hitting backpressure. */
export const CHAOS_QUEUE_BATCHES = 2;

/** What chaos does to one delivery. */
export interface ChaosEffect {
  readonly forceFailure: boolean;
  readonly delayFactor: number;
}

const CALM: ChaosEffect = Object.freeze({ forceFailure: false, delayFactor: 1 });

/**
 * Decides, for the n-th delivery the mock core makes, whether it falls into a failure burst, a
 * latency spike or a memory-pressure episode, and counts each episode once as it starts.
 *
 * Windows are counted in deliveries rather than wall time so that the same seed and the same
 * delivery order give the same chaos, independent of machine speed.
 */
export class Chaos {
  private readonly counts: Record<ChaosKind, number> = {
    failureBurst: 0,
    latencySpike: 0,
    queueSaturation: 0,
    memoryPressure: 0,
  };
  private window = -1;
  private effect: ChaosEffect = CALM;
  private ballast: Buffer | undefined;

  constructor(private readonly seed: number) {}

  /** The effect on delivery number `ordinal` (0-based, in call order). */
  effectFor(ordinal: number): ChaosEffect {
    const window = Math.floor(ordinal / CHAOS_WINDOW);
    if (window !== this.window) this.enterWindow(window);
    return this.effect;
  }

  /** Count producer waits on the chaos-shrunk queue as saturation events. */
  recordQueueSaturation(events: number): void {
    this.counts.queueSaturation += events;
  }

  /** Episodes so far by kind. */
  events(): Readonly<Record<ChaosKind, number>> {
    return { ...this.counts };
  }

  /** Bytes of ballast held right now (0 outside a memory-pressure window). */
  get ballastBytes(): number {
    return this.ballast?.length ?? 0;
  }

  /** Drop any ballast still held. */
  release(): void {
    this.ballast = undefined;
  }

  private enterWindow(window: number): void {
    this.window = window;
    const burst = keyedUniform(this.seed, window, 1, 0xc4a05) < ODDS.failureBurst;
    const spike = keyedUniform(this.seed, window, 2, 0xc4a05) < ODDS.latencySpike;
    const pressure = keyedUniform(this.seed, window, 3, 0xc4a05) < ODDS.memoryPressure;
    if (burst) this.counts.failureBurst++;
    if (spike) this.counts.latencySpike++;
    if (pressure) {
      this.counts.memoryPressure++;
      // Buffer.alloc zero-fills, so the pages are really touched and RSS rises.
      this.ballast = Buffer.alloc(BALLAST_BYTES);
    } else {
      this.ballast = undefined;
    }
    this.effect =
      burst || spike ? { forceFailure: burst, delayFactor: spike ? SPIKE_FACTOR : 1 } : CALM;
  }
}
