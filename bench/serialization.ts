/**
 * Question 5, serialization: JSON against msgpackr, one message at a time against batches, for
 * the messages this project generates. The durable queue will store messages with the winner.
 * Run alone with `npx tsx bench/serialization.ts`.
 */
import { performance } from "node:perf_hooks";
import { isDeepStrictEqual } from "node:util";
import { Packr } from "msgpackr";
import type { Message } from "../src/model/message.js";
import { resolveConfig } from "../src/run/resolve-config.js";
import { MessageGenerator } from "../src/workload/generator.js";
import { publish } from "./support/output.js";
import { describeMachine, type Figure, figure, median } from "./support/question.js";
import { questionEntry } from "./support/questions.js";

const MESSAGES = 100_000;
/** Messages per batch: the max-throughput scenario's batch size. */
const BATCH = 100;
const ROUNDS = 3;

/** A message as a durable queue would store it: own fields only, nothing derived. */
type StoredMessage = Record<string, unknown>;

interface Codec {
  readonly name: string;
  readonly encode: (value: unknown) => Uint8Array | string;
  readonly decode: (data: Uint8Array | string) => unknown;
}

function jsonCodec(): Codec {
  return {
    name: "JSON",
    encode: (value) => JSON.stringify(value),
    decode: (data) => JSON.parse(data as string),
  };
}

function packrCodec(name: string, options: ConstructorParameters<typeof Packr>[0]): Codec {
  const packr = new Packr(options);
  return {
    name,
    encode: (value) => packr.pack(value),
    decode: (data) => packr.unpack(data as Uint8Array),
  };
}

/** Fresh codecs: shared msgpackr structures are learnt anew in each round, as after a restart. */
function codecs(): Codec[] {
  return [
    jsonCodec(),
    packrCodec("msgpack (plain)", { useRecords: false }),
    packrCodec("msgpackr records", {}),
    packrCodec("msgpackr structures", { structures: [] }),
  ];
}

/** The field list of {@link Message}, read through its getters like any consumer would. */
function stored(message: Message): StoredMessage {
  const record: StoredMessage = {
    id: message.id,
    seq: message.seq,
    type: message.type,
    sender: message.sender,
    addressedTo: [...message.addressedTo],
    recipients: [...message.recipients],
    priority: message.priority,
    payload: message.payload,
    scheduledAt: message.scheduledAt,
    enqueuedAt: message.enqueuedAt,
    attempts: message.attempts,
  };
  if (message.lastError !== undefined) record.lastError = message.lastError;
  return record;
}

/** The default scenario's traffic: all four types, 256-byte payloads, 9 agents. */
function sampleMessages(): StoredMessage[] {
  const config = resolveConfig({ seed: 1, messagesPerAgent: Math.ceil(MESSAGES / 9) });
  const generator = new MessageGenerator(config);
  const messages: StoredMessage[] = [];
  const now = Date.now();
  for (let i = 0; i < MESSAGES; i++) {
    const message = generator.next(now + i);
    if (!message) break;
    messages.push(stored(message));
  }
  return messages;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One way of writing: a codec, one message or one batch per encoded unit. */
interface Variant {
  readonly label: string;
  readonly batched: boolean;
  readonly codecIndex: number;
}

interface Measurement {
  readonly roundTripPerSec: number;
  readonly encodePerSec: number;
  readonly decodePerSec: number;
  readonly bytesPerMessage: number;
  /** Decoded equals the original (checked in the warm-up round only: it is slow). */
  readonly exact: boolean;
}

function measure(
  codec: Codec,
  messages: readonly StoredMessage[],
  batched: boolean,
  check: boolean,
): Measurement {
  const units: unknown[] = batched ? chunks(messages, BATCH) : [...messages];
  const t0 = performance.now();
  const encoded = units.map((unit) => codec.encode(unit));
  const t1 = performance.now();
  const decoded = encoded.map((data) => codec.decode(data));
  const t2 = performance.now();
  let bytes = 0;
  for (const data of encoded) {
    bytes += typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
  }
  const perSec = (ms: number) => (messages.length * 1000) / ms;
  return {
    roundTripPerSec: perSec(t2 - t0),
    encodePerSec: perSec(t1 - t0),
    decodePerSec: perSec(t2 - t1),
    bytesPerMessage: bytes / messages.length,
    // Checked after every unit was encoded, so a codec reusing its output buffer would show.
    exact: !check || isDeepStrictEqual(decoded, units),
  };
}

function count(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** Every variant's figures side by side, aligned for a terminal. */
function detailTable(rows: readonly string[][]): string {
  const header = ["variant", "round trip/s", "encode/s", "decode/s", "bytes/msg", "vs JSON single"];
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? "").length)));
  return all
    .map(
      (row) =>
        `  ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join("  ")}`,
    )
    .join("\n");
}

async function main(): Promise<void> {
  const started = performance.now();
  const messages = sampleMessages();
  const names = codecs().map((codec) => codec.name);
  const variants: Variant[] = names.flatMap((name, codecIndex) => [
    { label: `${name}, single`, batched: false, codecIndex },
    { label: `${name}, batch ${BATCH}`, batched: true, codecIndex },
  ]);
  // Warm-up round, then measured rounds, every variant in each round so noise hits all alike.
  const rounds: Measurement[][] = [];
  let exact = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    const fresh = codecs();
    const measured = variants.map((v) =>
      measure(fresh[v.codecIndex] as Codec, messages, v.batched, round === 0),
    );
    if (round === 0) exact = measured.filter((m) => m.exact).length;
    else rounds.push(measured);
  }
  const at = (i: number, key: keyof Omit<Measurement, "exact">) =>
    median(rounds.map((round) => (round[i] as Measurement)[key]));
  const rates = variants.map((_, i) => at(i, "roundTripPerSec"));
  const baseline = rates[0] as number;
  const best = (batched: boolean) => {
    const indices = variants.flatMap((v, i) => (v.batched === batched ? [i] : []));
    return indices.reduce((a, b) => ((rates[b] as number) > (rates[a] as number) ? b : a));
  };
  const describeBest = (i: number) =>
    `${variants[i]?.label}, ${((rates[i] as number) / baseline).toFixed(2)}× JSON single`;
  const figures: Figure[] = variants.map((v, i) =>
    figure(`${v.label}: round trip`, rates[i] as number, "msg/s"),
  );
  figures.push(
    figure("variants that round-trip exactly", exact, `of ${variants.length}`, {
      kind: "atLeast",
      value: variants.length,
    }),
  );
  const { title } = questionEntry("serialization");
  publish({
    schema: "swarm-stress/bench-question@1",
    name: "serialization",
    title: `${title}: JSON against msgpackr, one at a time against batches`,
    question:
      "Which encoding should the durable queue store messages in: JSON or msgpackr, one message per record or batches?",
    at: new Date().toISOString(),
    durationMs: performance.now() - started,
    machine: describeMachine(),
    figures,
    details: detailTable(
      variants.map((v, i) => [
        v.label,
        count(rates[i] as number),
        count(at(i, "encodePerSec")),
        count(at(i, "decodePerSec")),
        at(i, "bytesPerMessage").toFixed(1),
        `${((rates[i] as number) / baseline).toFixed(2)}×`,
      ]),
    ),
    notes: [
      `fastest single: ${describeBest(best(false))}; fastest batched: ${describeBest(best(true))}`,
      `${messages.length.toLocaleString("en-US")} messages of the default scenario (all four types, 256-byte payloads, 9 agents) as plain records; round trip = encode all, then decode all; median of ${ROUNDS} rounds after a warm-up round that also checks every variant decodes to the original`,
      "msgpack (plain): useRecords false; msgpackr records: the default, field names inside every encoded unit; msgpackr structures: field names in a shared table that a durable queue would have to persist beside the data",
    ],
  });
}

await main();
