/**
 * What the broker drivers' benches (questions 16 to 19) share: a driver's pass through the
 * messages, interleaved rounds of the driver and the raw client, the one-line skip when the
 * broker does not answer, and the report of the driver's share of raw.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Message } from "../../src/model/message.js";
import { outstanding, type QueueDriver } from "../../src/queue/driver.js";
import { number } from "./format.js";
import { publish } from "./output.js";
import { describeMachine, figure, median, pairedRatios } from "./question.js";
import { questionEntry } from "./questions.js";

/**
 * The driver's share of raw, the only target: this shared machine's speed varies up to 2x
 * within a day, which a share cancels and a rate in msg/s does not.
 */
export const TARGET_SHARE = 0.6;

/** How long one lease call waits for a batch's messages to arrive, ms. */
const LEASE_WAIT_MS = 5_000;

/** A name no earlier run used: `PREFIX-LABEL-HEX`, letters, digits and `-` only. */
export function freshName(prefix: string, label: string): string {
  return `${prefix}-${label}-${randomBytes(4).toString("hex")}`;
}

/**
 * Enqueue a batch, lease until all of it is held (a broker that pushes deliveries may hand out
 * a batch in parts), ack what each lease call returned; for every batch. Messages per second.
 *
 * @throws {Error} when a lease call finds nothing for {@link LEASE_WAIT_MS}, or the queue
 * still holds something at the end.
 */
export async function driveQueue(
  queue: QueueDriver,
  chunks: readonly (readonly Message[])[],
): Promise<number> {
  let count = 0;
  const started = performance.now();
  for (const chunk of chunks) {
    await queue.enqueue(chunk);
    for (let held = 0; held < chunk.length; ) {
      const leases = await queue.lease(chunk.length - held, { waitMs: LEASE_WAIT_MS });
      if (leases.length === 0) throw new Error(`${queue.name} driver: lost messages`);
      await queue.ack(leases);
      held += leases.length;
    }
    count += chunk.length;
  }
  const elapsed = performance.now() - started;
  if (outstanding(await queue.depth()) !== 0)
    throw new Error(`${queue.name} driver: left messages`);
  return (count * 1000) / elapsed;
}

/** A broker driver as a bench opens and clears it. */
export interface DriverOnBroker {
  open(url: string): Promise<QueueDriver>;
  purge(url: string): Promise<unknown>;
}

/** One {@link driveQueue} pass on a new queue at `url`, removed afterwards. Messages per second. */
export async function driverPass(
  driver: DriverOnBroker,
  url: string,
  chunks: readonly (readonly Message[])[],
): Promise<number> {
  const queue = await driver.open(url);
  try {
    return await driveQueue(queue, chunks);
  } finally {
    await queue.close();
    await driver.purge(url);
  }
}

/**
 * `rounds` rounds, each running every side once in the order given, back to back, so that a
 * noisy moment hits the sides of a round alike. Each side's rates, round by round.
 */
export async function interleavedRounds<K extends string>(
  rounds: number,
  sides: Readonly<Record<K, (round: number) => Promise<number>>>,
): Promise<Record<K, number[]>> {
  const names = Object.keys(sides) as K[];
  const rates = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    K,
    number[]
  >;
  for (let round = 0; round < rounds; round++) {
    for (const name of names) rates[name].push(await sides[name](round));
  }
  return rates;
}

/** Prints the one line of a bench whose broker did not answer; the bench then ends. */
export function skipped(name: string, broker: string, error: unknown, hint: string): void {
  process.stdout.write(
    `bench/${name}.ts: SKIPPED, no ${broker}: ${(error as Error).message}. ${hint}\n`,
  );
}

/** What {@link publishShare} needs of one broker bench. */
export interface ShareReport {
  /** File stem, `nats-queue`. */
  readonly name: string;
  /** After the question's title: `the NATS JetStream driver beside …`. */
  readonly subtitle: string;
  readonly question: string;
  /** `performance.now()` at the bench's start. */
  readonly started: number;
  /** `nats driver`. */
  readonly driverLabel: string;
  /** `raw publish + fetch + ack`. */
  readonly rawLabel: string;
  readonly driver: readonly number[];
  readonly raw: readonly number[];
  /** Messages per round, per batch, and how many rounds. */
  readonly messages: number;
  readonly batch: number;
  readonly rounds: number;
  /** The broker, the driver's and raw's work, one line each. */
  readonly notes: readonly string[];
}

/** Messages per second as text: whole, with separators. */
export function count(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** Prints and saves the driver's rate, raw's, and the median of the rounds' own shares. */
export function publishShare(report: ShareReport): void {
  const shares = pairedRatios(report.driver, report.raw);
  const { title } = questionEntry(report.name);
  publish({
    schema: "swarm-stress/bench-question@1",
    name: report.name,
    title: `${title}: ${report.subtitle}`,
    question: report.question,
    at: new Date().toISOString(),
    durationMs: performance.now() - report.started,
    machine: describeMachine(),
    figures: [
      figure(report.driverLabel, median(report.driver), "msg/s"),
      figure(report.rawLabel, median(report.raw), "msg/s"),
      figure(`${report.driverLabel} / raw`, median(shares), "", {
        kind: "atLeast",
        value: TARGET_SHARE,
      }),
    ],
    notes: [
      `messages: the firehose scenario's (direct, 64-byte payloads), ${count(report.messages)} per round, made by the generator before timing; one round = for each batch of ${count(report.batch)}: enqueue, lease until the batch is held, ack; median of ${report.rounds} rounds, each followed by a raw round: ${report.driver.map(count).join(", ")} msg/s`,
      ...report.notes,
      `raw: ${report.raw.map(count).join(", ")} msg/s`,
      `${report.driverLabel} / raw: the median of each round's own share: ${shares.map(number).join(", ")}`,
      "why a share, not msg/s: the machine's speed varies up to 2x within a day; a share of raw run on the same machine moment cancels that",
    ],
  });
}
