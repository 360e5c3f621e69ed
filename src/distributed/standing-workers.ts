import type { ChildProcess } from "node:child_process";
import { RedisLink } from "../queue/redis/link.js";
import { type LocalWorkerLaunch, spawnLocalWorker } from "./local-worker-process.js";
import { newRunId, servingKeys } from "./run-keys.js";
import { BEAT_EVERY_MS } from "./timing.js";

/** How long {@link StandingWorkers.close} waits for its workers to finish before killing them. */
const CLOSE_GRACE_MS = 10_000;
const EXIT_POLL_MS = 20;

/** Options of {@link StandingWorkers.open}. */
export interface StandingWorkersOptions extends Omit<LocalWorkerLaunch, "servePool"> {
  /** Worker processes to keep. */
  readonly count: number;
  /** How long the owner's beat lasts: waiting workers stop this long after the owner died. */
  readonly beatTtlMs: number;
}

/**
 * Local worker processes that serve one distributed run after another (the steps of a capacity
 * search), so that each run does not pay for starting Node and loading a worker. Each run is
 * still its own, with its own id, stream and reports; a worker joins it as any worker does,
 * and when it is over waits for the run the owner announces next ({@link serve}). A worker
 * that exited (killed, crashed) is replaced by a new process at the next run.
 *
 * The owner beats in Redis; a waiting worker stops once the beat is gone (the owner closed the
 * pool, or died) or once its parent process is gone. {@link close} stops them all; this
 * process's exit kills any still running.
 */
export class StandingWorkers {
  private readonly children: ChildProcess[] = [];
  /** Children whose process could not be started (they never exit). */
  private readonly unstarted = new WeakSet<ChildProcess>();
  private readonly keys: ReturnType<typeof servingKeys>;
  private beatTimer: NodeJS.Timeout | undefined;
  private readonly killOnExit = (): void => this.kill();

  private constructor(
    private readonly link: RedisLink,
    /** Names the pool's keys in Redis; handed to its workers. */
    readonly id: string,
    private readonly options: StandingWorkersOptions,
  ) {
    this.keys = servingKeys(id);
  }

  /**
   * Set a pool up at the Redis of `options.url`, beating from now on. No process starts
   * before the first {@link serve}.
   *
   * @throws {RuntimeError} when Redis cannot be reached.
   */
  static async open(options: StandingWorkersOptions): Promise<StandingWorkers> {
    const id = newRunId();
    const link = await RedisLink.connect(options.url, { clientName: `swarm-stress-serve-${id}` });
    const pool = new StandingWorkers(link, id, options);
    try {
      await pool.beat();
    } catch (error) {
      await link.close();
      throw error;
    }
    pool.beatTimer = setInterval(() => {
      pool.beat().catch(() => {});
    }, BEAT_EVERY_MS);
    pool.beatTimer.unref();
    process.once("exit", pool.killOnExit);
    return pool;
  }

  /** Worker processes that have not exited. */
  get running(): number {
    return this.alive().length;
  }

  /**
   * Have the workers serve run `runId`: those waiting are told, those that exited are replaced
   * by new processes that join it at once. Returns how many were started now.
   */
  async serve(runId: string): Promise<number> {
    await this.link.sendCommand(["SET", this.keys.next, runId, "PX", String(this.keepMs)]);
    const alive = this.alive();
    this.children.splice(0, this.children.length, ...alive);
    const missing = this.options.count - alive.length;
    for (let i = 0; i < missing; i++) {
      const child = spawnLocalWorker(runId, { ...this.options, servePool: this.id });
      // A process that could not start counts as exited; the run that waits for it says so.
      child.once("error", () => this.unstarted.add(child));
      this.children.push(child);
    }
    return missing;
  }

  /** Kill every worker at once (after a failure of the run they serve). */
  kill(): void {
    for (const child of this.alive()) child.kill("SIGKILL");
  }

  /**
   * Stop the pool: its beat goes, so waiting workers exit at once and working ones after their
   * run; any still there after a grace period are killed. Never throws.
   */
  async close(): Promise<void> {
    clearInterval(this.beatTimer);
    await this.link.sendCommand(["DEL", this.keys.ownerBeat, this.keys.next]).catch(() => {});
    await this.link.close().catch(() => {});
    const deadline = Date.now() + CLOSE_GRACE_MS;
    while (this.running > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, EXIT_POLL_MS));
    }
    this.kill();
    process.off("exit", this.killOnExit);
  }

  /** Keys outlive a beat by this much: gone soon after a dead owner, like its beat. */
  private get keepMs(): number {
    return Math.round(this.options.beatTtlMs * 2);
  }

  private alive(): ChildProcess[] {
    return this.children.filter(
      (child) => child.exitCode === null && child.signalCode === null && !this.unstarted.has(child),
    );
  }

  private async beat(): Promise<void> {
    await this.link.sendCommand([
      "SET",
      this.keys.ownerBeat,
      String(Date.now()),
      "PX",
      String(Math.round(this.options.beatTtlMs)),
    ]);
    await this.link.sendCommand(["PEXPIRE", this.keys.next, String(this.keepMs)]);
  }
}
