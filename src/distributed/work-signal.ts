import type { Message } from "../model/message.js";
import type { QueueDriver } from "../queue/driver.js";
import { connectRedis, discard, type RedisConnection } from "../queue/redis/connection.js";
import { DelegatingQueue } from "./delegating-queue.js";
import { workChannel } from "./run-keys.js";
import type { RedisCommander } from "./run-store.js";

/**
 * The coordinator's side of the work signal: after messages are queued, one PUBLISH on the
 * run's work channel. Announcements made while one is on its way fold into one more after it,
 * so a fast producer sends at most one at a time, and none is lost: each enqueue is followed
 * by a PUBLISH sent after it completed.
 */
export class WorkAnnouncer {
  private sending = false;
  private again = false;

  constructor(
    private readonly redis: RedisCommander,
    private readonly runId: string,
  ) {}

  /** Say that messages were queued. Never throws: a lost signal only costs a worker a look later. */
  announce(): void {
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = true;
    this.again = false;
    this.redis
      .sendCommand(["PUBLISH", workChannel(this.runId), "1"])
      .catch(() => {})
      .finally(() => {
        this.sending = false;
        if (this.again) this.announce();
      });
  }
}

/** The coordinator's queue: every enqueue, once done, is announced to the idle workers. */
export class AnnouncingQueue extends DelegatingQueue {
  constructor(
    queue: QueueDriver,
    private readonly announcer: WorkAnnouncer,
  ) {
    super(queue);
  }

  override async enqueue(messages: readonly Message[]): Promise<number> {
    const waits = await this.queue.enqueue(messages);
    this.announcer.announce();
    return waits;
  }
}

/**
 * A worker's side of the work signal: a subscription to the run's work channel that counts the
 * announcements, for an idle worker to wait on (see {@link WorkListener.wait}).
 */
export class WorkListener {
  /** Announcements heard so far. */
  private heard = 0;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly client: RedisConnection | undefined) {}

  /**
   * Subscribe to run `runId`'s work channel on a connection of its own (a subscribed one sends
   * nothing else). A subscription that cannot be made leaves a listener that hears nothing:
   * its waits then run their whole length, as if the queue were polled slowly.
   */
  static async open(url: string, runId: string): Promise<WorkListener> {
    let client: RedisConnection | undefined;
    try {
      client = await connectRedis(url, { clientName: `swarm-stress-work-${runId}` });
      const listener = new WorkListener(client);
      await client.subscribe(workChannel(runId), () => listener.hear());
      return listener;
    } catch {
      if (client) discard(client);
      return new WorkListener(undefined);
    }
  }

  /** Whether it is subscribed (else it hears nothing, and waiting on it would only delay). */
  get live(): boolean {
    return this.client !== undefined;
  }

  /** How many announcements were heard: pass it to {@link wait} to miss none in between. */
  get count(): number {
    return this.heard;
  }

  /**
   * Resolve once an announcement after the `since`-th was heard, or after `ms`, whichever is
   * first.
   */
  wait(since: number, ms: number): Promise<void> {
    if (this.heard !== since || !(ms > 0)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  /** Drop the subscription; waits still pending resolve now. */
  close(): void {
    for (const done of [...this.waiters]) done();
    if (this.client) discard(this.client);
  }

  private hear(): void {
    this.heard++;
    for (const done of [...this.waiters]) done();
  }
}
