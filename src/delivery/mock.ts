import { createSampler, type Distribution } from "../model/distributions.js";
import type { Message } from "../model/message.js";
import { preciseSleepTo } from "../util/precise-sleep.js";
import { hashString, keyedUniform } from "../util/random.js";
import type { Chaos } from "./chaos.js";
import { DELIVERED, type DeliveryCore, type DeliveryOutcome, failed } from "./delivery-core.js";

/** Settings of the mock core. */
export interface MockCoreOptions {
  readonly seed: number;
  /** Time each delivery takes, in ms. */
  readonly delay: Distribution;
  /** Probability that one delivery attempt succeeds. */
  readonly successRate: number;
  /** Failure bursts and latency spikes, when the chaos switch is on. */
  readonly chaos?: Chaos;
}

const SIMULATED_FAILURE = failed("mock: simulated failure");
const BURST_FAILURE = failed("mock: failure burst");

/** Draw slots per delivery attempt: 0 decides success, the rest feed the delay sampler. */
const SUCCESS_SLOT = 0;
const DELAY_SLOT = 1;

/**
 * A stand-in for a real delivery core that touches nothing outside the process: no files, no
 * network. It waits a delay drawn from a distribution (honoured below a millisecond) and then
 * succeeds with probability `successRate`.
 *
 * Every decision is keyed by (seed, message, recipient, attempt), not drawn from a shared
 * stream, so a given attempt fails the same way in every run with the same seed whatever the
 * order concurrent deliveries happen in.
 */
export class MockCore implements DeliveryCore {
  readonly name = "mock";
  private calls = 0;
  private readonly recipientKeys = new Map<string, number>();
  private readonly sampleDelay: () => number;
  /** Key of the attempt being decided and the draw count, read by the delay sampler. */
  private key = { seq: 0, recipient: 0, attempt: 0, slot: DELAY_SLOT };

  /** The delay when it is fixed, else unused. */
  private readonly fixedDelay: number;
  /** False when every attempt succeeds after a fixed delay. */
  private readonly needsDraws: boolean;

  constructor(private readonly options: MockCoreOptions) {
    this.sampleDelay = createSampler(options.delay, () => this.nextDraw());
    this.fixedDelay = options.delay.kind === "fixed" ? options.delay.value : 0;
    this.needsDraws = options.delay.kind !== "fixed" || options.successRate < 1;
  }

  deliver(message: Message, recipient: string): DeliveryOutcome | Promise<DeliveryOutcome> {
    const effect = this.options.chaos?.effectFor(this.calls++);
    let outcome = DELIVERED;
    // A core that always succeeds after a fixed delay needs no draw at all: skipping the
    // hashing keeps the harness's own ceiling high.
    let delay = this.fixedDelay;
    if (this.needsDraws) {
      const key = this.key;
      key.seq = message.seq;
      key.recipient = this.recipientKey(recipient);
      key.attempt = message.attempts;
      key.slot = DELAY_SLOT;
      const { seed, successRate } = this.options;
      if (keyedUniform(seed, key.seq, key.recipient, key.attempt, SUCCESS_SLOT) >= successRate) {
        outcome = SIMULATED_FAILURE;
      }
      delay = this.sampleDelay();
    }
    if (effect) {
      if (effect.forceFailure) outcome = BURST_FAILURE;
      delay *= effect.delayFactor;
    }
    return preciseSleepTo(delay, outcome) ?? outcome;
  }

  private nextDraw(): number {
    const key = this.key;
    return keyedUniform(this.options.seed, key.seq, key.recipient, key.attempt, key.slot++);
  }

  private recipientKey(recipient: string): number {
    let key = this.recipientKeys.get(recipient);
    if (key === undefined) {
      key = hashString(recipient);
      this.recipientKeys.set(recipient, key);
    }
    return key;
  }
}
