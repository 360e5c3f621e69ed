import { createSampler, type Distribution } from "../model/distributions.js";
import { hashString, keyedUniform } from "../util/random.js";

/**
 * How one simulated agent behaves. The server's options set it for every agent; a test may
 * change it for one agent at any time ({@link AgentsServer.behave}).
 */
export interface AgentBehaviour {
  /** Time each delivery takes before the agent answers, ms (a distribution). */
  readonly delay?: Distribution;
  /** Share of deliveries the agent fails (keyed by seed, message, agent and attempt). */
  readonly failureRate?: number;
  /** Fail every attempt up to and including this one (1: fail each message's first attempt). */
  readonly failUntilAttempt?: number;
  /** A2A: the state a failing task ends in, `failed` (the default) or `rejected`. */
  readonly failState?: "failed" | "rejected";
  /** A2A: answer with a plain message instead of a task. */
  readonly replyWithMessage?: boolean;
  /** A2A: answer every request with this JSON-RPC error instead of running the agent. */
  readonly rpcError?: { readonly code: number; readonly message: string };
  /** Answer every POST with this HTTP status and no body instead of running the agent. */
  readonly httpStatus?: number;
  /**
   * A dropping agent (`--dropping-agents`), for the receiver audit to catch: share of messages
   * (keyed by message and agent, so on every attempt) the agent answers as done without
   * keeping a receipt: lost at the receiver.
   */
  readonly dropRate?: number;
  /**
   * A duplicating agent (`--duplicating-agents`), for the receiver audit to catch: share of
   * messages whose every delivery the agent records twice, as if it had been handed it twice.
   */
  readonly duplicateRate?: number;
  /**
   * A2A, for tests of push mode: the agent sends no push notifications, so a caller that waits
   * for one waits until its timeout.
   */
  readonly losesPushes?: boolean;
  /**
   * A dead agent: it takes every delivery (a receipt of receiving) and never answers; the
   * request stays open until the caller gives up (its `--timeout`) or the server closes.
   */
  readonly dead?: boolean;
  /**
   * A flapping agent: up for this long, then down (every delivery failed) for as long, and so
   * on, counted from the server's start, ms.
   */
  readonly flapPeriodMs?: number;
}

/** Slots of the keyed draws, one per decision, so that decisions do not correlate. */
const FAIL_SLOT = 1;
const STATUS_SLOT = 2;
const DROP_SLOT = 3;
const DUPLICATE_SLOT = 4;
const DELAY_SLOT = 5;

/** What an agent does with one delivery. */
export interface Decision {
  /** Wait this long first, ms. */
  readonly delayMs: number;
  readonly fails: boolean;
  /** HTTP agents: a failure answered 429 rather than 500. */
  readonly busy: boolean;
  /** Keep no receipt. */
  readonly drops: boolean;
  /** Keep two receipts. */
  readonly doubles: boolean;
  /** Never answer (a dead agent). */
  readonly hangs: boolean;
}

/**
 * Decides deliveries by {@link AgentBehaviour}, each decision keyed by (seed, message id, agent,
 * attempt) as the mock core's are: a given attempt fares the same in every run with the same
 * seed, whatever the order deliveries arrive in.
 */
export class Decider {
  /** The moment a flapping agent's first up period began, ms on `now`'s clock. */
  private readonly startedAt: number;

  constructor(
    private readonly seed: number,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  decide(behaviour: AgentBehaviour, agent: string, id: string, attempt: number): Decision {
    const message = hashString(id);
    const to = hashString(agent);
    const draw = (slot: number, perAttempt = true): number =>
      keyedUniform(this.seed, message, to, perAttempt ? attempt : 0, slot);
    const fails =
      attempt <= (behaviour.failUntilAttempt ?? 0) ||
      draw(FAIL_SLOT) < (behaviour.failureRate ?? 0) ||
      this.flappedDown(behaviour.flapPeriodMs);
    let delayMs = 0;
    if (behaviour.delay !== undefined) {
      let slot = DELAY_SLOT;
      delayMs = createSampler(behaviour.delay, () => draw(slot++))();
    }
    return {
      delayMs,
      fails,
      busy: fails && draw(STATUS_SLOT) < 0.5,
      drops: draw(DROP_SLOT, false) < (behaviour.dropRate ?? 0),
      doubles: draw(DUPLICATE_SLOT, false) < (behaviour.duplicateRate ?? 0),
      hangs: behaviour.dead === true,
    };
  }

  /** True while a flapping agent is in a down period. */
  private flappedDown(periodMs: number | undefined): boolean {
    if (periodMs === undefined || !(periodMs > 0)) return false;
    return Math.floor((this.now() - this.startedAt) / periodMs) % 2 === 1;
  }
}
