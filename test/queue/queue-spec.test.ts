import { describe, expect, it } from "vitest";
import { QUEUE_FORMS, queueKindOf } from "../../src/config/queue-kind.js";
import { runSettingsSchema } from "../../src/config/run-settings.js";
import { ConfigError } from "../../src/errors.js";
import { parseQueueSpec, parseQueueSpecOf } from "../../src/queue/queue-spec.js";

/** The ConfigError `parse` raises; fails the test when there is none. */
function refusal(parse: () => unknown): ConfigError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a refusal");
}

describe("parseQueueSpec", () => {
  it("takes the kinds apart", () => {
    expect(parseQueueSpec("memory")).toEqual({ kind: "memory" });
    expect(parseQueueSpec("sqlite:runs/q.db")).toEqual({ kind: "sqlite", path: "runs/q.db" });
    // Everything after the prefix is the path, colons and spaces too.
    expect(parseQueueSpec("sqlite:C:\\runs\\my q.db")).toEqual({
      kind: "sqlite",
      path: "C:\\runs\\my q.db",
    });
    expect(parseQueueSpec("rediss://ops:s%40cret@cache:6380/3?stream=run%2F7")).toEqual({
      kind: "redis",
      url: "rediss://ops:s%40cret@cache:6380/3?stream=run%2F7",
      tls: true,
      host: "cache",
      port: 6380,
      db: 3,
      username: "ops",
      password: "s@cret",
      stream: "run/7",
      display: "rediss://ops:***@cache:6380/3?stream=run%2F7",
      target: "cache:6380",
    });
    expect(
      parseQueueSpec("amqps://ops:s%40cret@mq:5671/swarm?queue=jobs&x-queue-type=quorum"),
    ).toEqual({
      kind: "amqp",
      url: "amqps://ops:s%40cret@mq:5671/swarm?queue=jobs&x-queue-type=quorum",
      tls: true,
      host: "mq",
      port: 5671,
      vhost: "swarm",
      username: "ops",
      password: "s@cret",
      queue: "jobs",
      queueType: "quorum",
      display: "amqps://ops:***@mq:5671/swarm?queue=jobs&x-queue-type=quorum",
      target: "mq:5671",
    });
    expect(parseQueueSpec("bullmq+rediss://ops:s%40cret@cache:6380/3?queue=jobs")).toEqual({
      kind: "bullmq",
      url: "bullmq+rediss://ops:s%40cret@cache:6380/3?queue=jobs",
      tls: true,
      host: "cache",
      port: 6380,
      db: 3,
      username: "ops",
      password: "s@cret",
      queue: "jobs",
      display: "bullmq+rediss://ops:***@cache:6380/3?queue=jobs",
      target: "cache:6380",
    });
    expect(parseQueueSpec("postgresql://swarm:s%40cret@db:5433/runs?queue=jobs")).toEqual({
      kind: "postgres",
      url: "postgresql://swarm:s%40cret@db:5433/runs?queue=jobs",
      host: "db",
      port: 5433,
      database: "runs",
      username: "swarm",
      password: "s@cret",
      queue: "jobs",
      schema: "pgboss",
      display: "postgresql://swarm:***@db:5433/runs?queue=jobs",
      target: "db:5433",
    });
    // A URL's scheme is case-blind, as parseRedisQueueUrl always had it.
    expect(parseQueueSpec("REDIS://h")).toMatchObject({ kind: "redis", host: "h", port: 6379 });
  });

  it.each([
    ["kafka", `unknown queue "kafka": expected ${QUEUE_FORMS}`],
    ["Memory", `unknown queue "Memory": expected ${QUEUE_FORMS}`],
    ["", `unknown queue "": expected ${QUEUE_FORMS}`],
    ["sqlite:", 'expected a queue file as sqlite:PATH, got "sqlite:"'],
    ["sqlite:a\nb.db", "queue file path holds a line break: name the file without one"],
    [
      "redis://:secret@h:port/0",
      'queue redis://:***@h:port/0: bad port "port": expected 1 to 65535',
    ],
    ["redis://", "queue redis://: no host: expected redis://HOST:PORT/DB?stream=NAME"],
  ])("refuses %j in one line", (text, message) => {
    const error = refusal(() => parseQueueSpec(text));
    expect(error.message).toBe(message);
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it("hides a password and keeps one line when the kind is unknown", () => {
    const error = refusal(() => parseQueueSpec("kafka://x redis://:secret@h\nmore"));
    expect(error.message).not.toContain("secret");
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toMatch(/^unknown queue "kafka:\/\/x redis:\/\/:\*\*\*@h\\nmore"/);
  });

  it("decides the kind by the same rule as the settings' schema", () => {
    const texts = ["memory", "memory2", "sqlite:q.db", "redis://h", "rediss://h", "ReDiS://h"];
    texts.push("amqp://h", "AMQPS://h", "xamqp://h");
    texts.push("bullmq+redis://h", "BullMQ+Rediss://h", "bullmq://h", "bullmq+amqp://h");
    texts.push("postgres://u@h/db", "PostgreSQL://u@h/db", "xpostgres://u@h/db");
    for (const text of [...texts, "kafka", "sqlite", "redis:/h", "xredis://h"]) {
      const accepted = runSettingsSchema().safeParse({ queue: text }).success;
      expect(accepted, text).toBe(queueKindOf(text) !== undefined);
      if (accepted) expect(parseQueueSpec(text).kind).toBe(queueKindOf(text));
    }
  });
});

describe("parseQueueSpecOf", () => {
  const refused = "expected a queue file as sqlite:PATH";

  it("takes a queue of the kind asked for", () => {
    expect(parseQueueSpecOf("sqlite:q.db", "sqlite", refused).path).toBe("q.db");
    expect(parseQueueSpecOf("redis://h/2", "redis", refused).db).toBe(2);
  });

  it("refuses another kind, or none, with the caller's words", () => {
    for (const text of ["memory", "redis://h", "kafka"]) {
      expect(refusal(() => parseQueueSpecOf(text, "sqlite", refused)).message).toBe(refused);
    }
  });

  it("refuses a malformed queue of the kind asked for with the parser's words", () => {
    expect(refusal(() => parseQueueSpecOf("redis://h:0", "redis", refused)).message).toBe(
      'queue redis://h:0: bad port "0": expected 1 to 65535',
    );
  });
});
