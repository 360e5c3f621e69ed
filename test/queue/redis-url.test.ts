import { describe, expect, it } from "vitest";
import { QUEUE_FORMS } from "../../src/config/queue-kind.js";
import { runSettingsSchema } from "../../src/config/run-settings.js";
import { ConfigError } from "../../src/errors.js";
import { parseRedisQueueUrl, redactQueueUrl } from "../../src/queue/redis/url.js";

/** The ConfigError a bad URL raises; fails the test when there is none. */
function refusal(url: string): ConfigError {
  try {
    parseRedisQueueUrl(url);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe("parseRedisQueueUrl", () => {
  it("fills in port 6379, database 0 and stream swarm-stress", () => {
    expect(parseRedisQueueUrl("redis://127.0.0.1")).toEqual({
      tls: false,
      host: "127.0.0.1",
      port: 6379,
      db: 0,
      stream: "swarm-stress",
      display: "redis://127.0.0.1",
      target: "127.0.0.1:6379",
    });
  });

  it("reads TLS, credentials, port, database and stream", () => {
    const url = parseRedisQueueUrl("rediss://ops:s%40cret@cache.internal:6380/3?stream=run%2F7");
    expect(url).toMatchObject({
      tls: true,
      host: "cache.internal",
      port: 6380,
      db: 3,
      username: "ops",
      password: "s@cret",
      stream: "run/7",
      target: "cache.internal:6380",
    });
    expect(url.display).toBe("rediss://ops:***@cache.internal:6380/3?stream=run%2F7");
    expect(parseRedisQueueUrl("redis://:pw@[::1]:7000/0")).toMatchObject({
      host: "::1",
      port: 7000,
      password: "pw",
      target: "[::1]:7000",
    });
    expect(parseRedisQueueUrl("redis://:pw@h").username).toBeUndefined();
  });

  it.each([
    ["redis://h:abc/0", /bad port "abc"/],
    ["redis://h:0", /bad port "0"/],
    ["redis://h:70000", /bad port "70000"/],
    ["redis://h:6379/x", /bad database "x"/],
    ["redis://h:6379/1/2", /bad database "1\/2"/],
    ["redis://h:6379/0?steam=x", /unknown query parameter "steam"/],
    ["redis://h:6379/0?stream=", /empty stream name/],
    ["redis://h:6379/0?stream=a&stream=b", /more than once/],
    ["redis://h:6379/0?stream=a%7Bb%7D", /bad stream name/],
    ["redis://:6379/0", /no host/],
    ["redis://::1:6379", /brackets/],
    ["redis://h/0#frag", /fragment/],
    ["redis://just-a-password@h:6379", /without a colon/],
  ])("refuses %s in one line", (url, problem) => {
    const error = refusal(url);
    expect(error.message).toMatch(problem);
    expect(error.message).not.toContain("\n");
    expect(error.message).toMatch(/^queue redis:\/\//);
  });

  it("never puts any part of a password in a message", () => {
    for (const url of [
      "redis://u:hunter2@h:99999/0",
      "redis://u:hunter2@h/zz",
      "redis://u:hun/ter2@h:x",
      "redis://u:hun@ter2@h/0?x=1",
      "redis://hunter2@h",
      "redis://u:hunter2 @h",
      "redis://:hunter2@h/0?stream=",
    ]) {
      const message = refusal(url).message;
      expect(message).not.toMatch(/hunter|ter2|hun\b/);
    }
  });
});

describe("redactQueueUrl", () => {
  it("hides passwords and keeps the rest", () => {
    expect(redactQueueUrl("redis://user:pw@host:6379/0?stream=x")).toBe(
      "redis://user:***@host:6379/0?stream=x",
    );
    expect(redactQueueUrl("queue rediss://:pw@h/1 and redis://h2/0")).toBe(
      "queue rediss://:***@h/1 and redis://h2/0",
    );
    expect(redactQueueUrl("redis://secret@h")).toBe("redis://***@h");
    expect(redactQueueUrl('{"queue":"redis://:p@w/d@h:1/0"}')).toBe(
      '{"queue":"redis://:***@h:1/0"}',
    );
    expect(redactQueueUrl("redis://:a@h1,redis://:b@h2")).toBe("redis://:***@h1,redis://:***@h2");
    expect(redactQueueUrl("memory")).toBe("memory");
  });
});

describe("the queue setting", () => {
  it("accepts memory, sqlite:PATH and redis URLs, and says so when refusing", () => {
    for (const queue of ["memory", "sqlite:q.db", "redis://h:6379/0?stream=s", "rediss://h"]) {
      expect(runSettingsSchema().safeParse({ queue }).success).toBe(true);
    }
    const refused = runSettingsSchema().safeParse({ queue: "redis" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(`expected ${QUEUE_FORMS}`);
  });
});
