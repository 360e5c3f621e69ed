import { randomBytes } from "node:crypto";
import { RuntimeError } from "../errors.js";
import type { OutcomeCount, OutcomeCounts } from "../metrics/recorder-delta.js";
import type { MessageType } from "../model/message.js";
import type { SettledRecord } from "../model/settled-record.js";
import type { RunDescriptor, RunPhase, WorkerInfo, WorkerReport } from "./protocol.js";
import { allRunKeys, runKeys, streamOwnerKey } from "./run-keys.js";
import { SETTLE_SCRIPT } from "./settle-script.js";

/** The one thing the store needs of a Redis client: send a command, get its reply. */
export interface RedisCommander {
  sendCommand(args: string[]): Promise<unknown>;
}

/** How long a finished run's keys stay, so that late workers still find out it ended. */
const FINISHED_TTL_MS = 60_000;

/**
 * A distributed run's shared state in Redis: the descriptor workers join by, the phase, the
 * worker registry and heartbeats, the stream of worker reports, and the once-only record of
 * final outcomes. Both the coordinator and the workers use it.
 *
 * Every call may be sent twice (the connection broke while it was on its way, and it is sent
 * again once Redis is back): each either writes the same value again, or is made to answer a
 * repeat as it answered the first time (publish, settle; reports carry sequence numbers).
 */
export class RunStore {
  private readonly keys: ReturnType<typeof runKeys>;
  private reportCursor = "0-0";
  /** Names this instance's settle requests, so that a repeated one is recognised. */
  private readonly instance = randomBytes(6).toString("hex");
  private settles = 0;

  constructor(
    private readonly redis: RedisCommander,
    readonly runId: string,
    /**
     * The error for a run whose keys are gone from a Redis that answers (restarted without
     * persistence, flushed); a connection's fault latch trips with it.
     */
    private readonly gone: () => Error = () =>
      new RuntimeError(`the keys of run ${runId} are gone from Redis`),
  ) {
    this.keys = runKeys(runId);
  }

  /**
   * Claim `stream` for this run for `ttlMs` (renewed by {@link beatAsCoordinator}). Returns the
   * run that holds it instead, when another does.
   */
  async claimStream(stream: string, ttlMs: number): Promise<string | undefined> {
    const key = streamOwnerKey(stream);
    const claimed = await this.redis.sendCommand([
      "SET",
      key,
      this.runId,
      "NX",
      "PX",
      String(ttlMs),
    ]);
    if (claimed !== null) return undefined;
    const owner = await this.redis.sendCommand(["GET", key]);
    return typeof owner === "string" && owner !== this.runId ? owner : undefined;
  }

  /** Give the stream up, if this run still holds it. */
  async releaseStream(stream: string): Promise<void> {
    const key = streamOwnerKey(stream);
    if ((await this.redis.sendCommand(["GET", key])) === this.runId) {
      await this.redis.sendCommand(["DEL", key]);
    }
  }

  /**
   * Say the coordinator is alive for the next `ttlMs`, keep holding `stream`, and keep the
   * run's keys for `keepMs` more: if the coordinator dies, its workers stop and its keys go.
   *
   * @throws the store's `gone` error when the run's descriptor is not there: Redis lost the
   * run's keys, and its workers would be waited for in vain.
   */
  async beatAsCoordinator(stream: string, ttlMs: number, keepMs: number): Promise<void> {
    const ttl = String(Math.round(ttlMs));
    // Looked at first, so that a beat never makes keys again in a Redis that lost them.
    const kept = await this.redis.sendCommand([
      "PEXPIRE",
      this.keys.descriptor,
      String(Math.round(keepMs)),
    ]);
    if (Number(kept) !== 1) throw this.gone();
    await Promise.all([
      this.redis.sendCommand(["SET", this.keys.coordinatorBeat, String(Date.now()), "PX", ttl]),
      this.redis.sendCommand(["PEXPIRE", streamOwnerKey(stream), ttl]),
      ...allRunKeys(this.runId)
        .filter((key) => key !== this.keys.descriptor)
        .map((key) => this.redis.sendCommand(["PEXPIRE", key, String(Math.round(keepMs))])),
    ]);
  }

  /**
   * Give the run's keys that have no expiry one of `ms` (a worker does, so keys made after
   * the coordinator's last beat still go if it died; `NX` leaves a set expiry alone).
   */
  async ensureExpiry(ms: number): Promise<void> {
    await Promise.all(
      allRunKeys(this.runId).map((key) =>
        this.redis.sendCommand(["PEXPIRE", key, String(Math.round(ms)), "NX"]),
      ),
    );
  }

  /** Whether the coordinator beats. */
  async coordinatorAlive(): Promise<boolean> {
    return (await this.redis.sendCommand(["EXISTS", this.keys.coordinatorBeat])) === 1;
  }

  /** Publish the run for workers to join; refuses an id already in use. */
  async publish(descriptor: RunDescriptor): Promise<boolean> {
    const text = JSON.stringify(descriptor);
    const set = await this.redis.sendCommand(["SET", this.keys.descriptor, text, "NX"]);
    // Null also when this very SET ran before a broken connection and was sent again.
    if (set === null && (await this.redis.sendCommand(["GET", this.keys.descriptor])) !== text) {
      return false;
    }
    await this.setPhase("producing");
    return true;
  }

  /** The run's descriptor, or undefined when no such run is (still) there. */
  async descriptor(): Promise<RunDescriptor | undefined> {
    const text = await this.redis.sendCommand(["GET", this.keys.descriptor]);
    return typeof text === "string" ? (JSON.parse(text) as RunDescriptor) : undefined;
  }

  async setPhase(phase: RunPhase): Promise<void> {
    await this.redis.sendCommand(["SET", this.keys.phase, phase]);
  }

  /**
   * The phase; undefined when the key is gone: the run finished over a minute ago, its
   * coordinator died ten minutes ago, or Redis lost it.
   */
  async phase(): Promise<RunPhase | undefined> {
    const phase = await this.redis.sendCommand(["GET", this.keys.phase]);
    return typeof phase === "string" ? (phase as RunPhase) : undefined;
  }

  /** The error for a run whose keys are gone, with the connection's latch tripped. */
  stateLost(): Error {
    return this.gone();
  }

  async join(worker: WorkerInfo): Promise<void> {
    await this.redis.sendCommand(["HSET", this.keys.workers, worker.id, JSON.stringify(worker)]);
  }

  /** Say this worker is alive for the next `ttlMs`. */
  async heartbeat(workerId: string, ttlMs: number): Promise<void> {
    await this.redis.sendCommand([
      "SET",
      this.keys.heartbeat(workerId),
      String(Date.now()),
      "PX",
      String(Math.max(1, Math.round(ttlMs))),
    ]);
  }

  /** Every worker that joined, in the order they joined. */
  async workers(): Promise<WorkerInfo[]> {
    const flat = (await this.redis.sendCommand(["HGETALL", this.keys.workers])) as
      | string[]
      | Record<string, string>;
    const values = Array.isArray(flat) ? flat.filter((_, i) => i % 2 === 1) : Object.values(flat);
    return values
      .map((text) => JSON.parse(text) as WorkerInfo)
      .sort((a, b) => a.joinedAt - b.joinedAt);
  }

  /** Which of `workerIds` still beat. */
  async alive(workerIds: readonly string[]): Promise<Set<string>> {
    if (workerIds.length === 0) return new Set();
    const beats = (await this.redis.sendCommand([
      "MGET",
      ...workerIds.map((id) => this.keys.heartbeat(id)),
    ])) as (string | null)[];
    return new Set(workerIds.filter((_, i) => beats[i] !== null));
  }

  async report(report: WorkerReport): Promise<void> {
    await this.redis.sendCommand(["XADD", this.keys.reports, "*", "r", JSON.stringify(report)]);
  }

  /** Reports added since the last call, oldest first. */
  async newReports(limit = 1000): Promise<WorkerReport[]> {
    const entries = (await this.redis.sendCommand([
      "XRANGE",
      this.keys.reports,
      `(${this.reportCursor}`,
      "+",
      "COUNT",
      String(limit),
    ])) as [string, string[]][];
    const reports: WorkerReport[] = [];
    for (const [id, fields] of entries) {
      this.reportCursor = id;
      const text = fields[1];
      if (typeof text === "string") reports.push(JSON.parse(text) as WorkerReport);
    }
    return reports;
  }

  /**
   * Record final outcomes, first settle wins. Returns the messages of `records` that had
   * already settled (another worker's, or this one's before a lease expired), with the outcome
   * they settled with then.
   */
  async settle(
    records: readonly SettledRecord[],
  ): Promise<Map<number, SettledRecord["outcome"]> | undefined> {
    if (records.length === 0) return undefined;
    const args: string[] = [this.instance, String(++this.settles)];
    for (const record of records) {
      args.push(
        String(record.seq),
        record.outcome === "delivered" ? "d" : "x",
        record.type,
        record.sender,
      );
    }
    const keys = [this.keys.settled, this.keys.dead, this.keys.outcomes, this.keys.settles];
    const reply = (await this.redis.sendCommand([
      "EVAL",
      SETTLE_SCRIPT,
      String(keys.length),
      ...keys,
      ...args,
    ])) as number[];
    if (reply.length === 0) return undefined;
    const earlier = new Map<number, SettledRecord["outcome"]>();
    for (let i = 0; i < reply.length; i += 2) {
      earlier.set(Number(reply[i]), Number(reply[i + 1]) === 1 ? "dead_lettered" : "delivered");
    }
    return earlier;
  }

  /** Final outcomes as counted once per message. */
  async outcomes(): Promise<OutcomeCounts> {
    const [flat, settled] = await Promise.all([
      this.redis.sendCommand(["HGETALL", this.keys.outcomes]) as Promise<
        string[] | Record<string, string>
      >,
      this.redis.sendCommand(["BITCOUNT", this.keys.settled]) as Promise<number>,
    ]);
    const entries: [string, string][] = Array.isArray(flat)
      ? flat.flatMap((key, i) => (i % 2 === 0 ? [[key, flat[i + 1] as string]] : []))
      : Object.entries(flat);
    const byType: Partial<Record<MessageType, OutcomeCount>> = {};
    const bySender: Record<string, OutcomeCount> = {};
    let delivered = 0;
    let deadLettered = 0;
    let duplicates = 0;
    const add = (table: Record<string, OutcomeCount>, key: string, dead: boolean, n: number) => {
      const before = table[key] ?? { delivered: 0, deadLettered: 0 };
      table[key] = dead
        ? { ...before, deadLettered: before.deadLettered + n }
        : { ...before, delivered: before.delivered + n };
    };
    for (const [field, text] of entries) {
      const n = Number(text);
      const [outcome, scope, ...rest] = field.split(":");
      const name = rest.join(":");
      const dead = outcome === "x";
      if (field === "dup") duplicates = n;
      else if (scope === undefined && dead) deadLettered = n;
      else if (scope === undefined) delivered = n;
      else if (scope === "t") add(byType, name, dead, n);
      else if (scope === "a") add(bySender, name, dead, n);
    }
    return { delivered, deadLettered, byType, bySender, settled: Number(settled), duplicates };
  }

  /** Which of `seqs` settled, and which of those as dead letters. */
  async settledOf(seqs: readonly number[]): Promise<{ settled: Set<number>; dead: Set<number> }> {
    const settled = new Set<number>();
    const dead = new Set<number>();
    // Sent together: the client pipelines commands issued in one tick.
    const bits = await Promise.all(
      seqs.map((seq) =>
        Promise.all([
          this.redis.sendCommand(["GETBIT", this.keys.settled, String(seq)]),
          this.redis.sendCommand(["GETBIT", this.keys.dead, String(seq)]),
        ]),
      ),
    );
    seqs.forEach((seq, i) => {
      const [isSettled, isDead] = bits[i] ?? [];
      if (Number(isSettled) === 1) settled.add(seq);
      if (Number(isDead) === 1) dead.add(seq);
    });
    return { settled, dead };
  }

  /** Mark the run finished and let its keys expire, once late workers had time to see it. */
  async finish(): Promise<void> {
    await this.setPhase("finished");
    for (const key of allRunKeys(this.runId)) {
      await this.redis.sendCommand(["PEXPIRE", key, String(FINISHED_TTL_MS)]);
    }
  }

  /** Delete the run's keys now. */
  async purge(): Promise<void> {
    await this.redis.sendCommand(["DEL", ...allRunKeys(this.runId)]);
  }
}
