import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { parseBullmqQueueUrl } from "../../src/queue/bullmq/url.js";
import { shownQueueSpec } from "../../src/queue/queue-spec.js";
import { redactQueueUrl } from "../../src/queue/url-redaction.js";

function refusal(url: string): string {
  try {
    parseBullmqQueueUrl(url);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`expected ${url} refused`);
}

describe("parseBullmqQueueUrl", () => {
  it("fills in Redis's defaults: port 6379, database 0, queue swarm-stress", () => {
    expect(parseBullmqQueueUrl("bullmq+redis://cache")).toEqual({
      tls: false,
      host: "cache",
      port: 6379,
      db: 0,
      queue: "swarm-stress",
      display: "bullmq+redis://cache",
      target: "cache:6379",
    });
    expect(parseBullmqQueueUrl("BULLMQ+REDISS://[::1]:6380/15?queue=a.b-c")).toMatchObject({
      tls: true,
      host: "::1",
      port: 6380,
      db: 15,
      queue: "a.b-c",
      target: "[::1]:6380",
    });
  });

  it("decodes user, password and queue name; a password alone is written :PASSWORD@", () => {
    expect(parseBullmqQueueUrl("bullmq+redis://:p%40ss@h/2?queue=q%2F1")).toMatchObject({
      password: "p@ss",
      queue: "q/1",
      db: 2,
    });
    expect(parseBullmqQueueUrl("bullmq+redis://u:p@h").username).toBe("u");
  });

  it.each([
    ["bullmq+redis://h:0", 'bad port "0": expected 1 to 65535'],
    ["bullmq+redis://h/x", 'bad database "x": expected a database number such as /0'],
    [
      "bullmq+redis://h?stream=q",
      'unknown query parameter "stream": only queue=NAME is understood',
    ],
    ["bullmq+redis://h?queue=", "empty queue name: write ?queue=NAME or leave it out"],
    [
      "bullmq+redis://h?queue=a:b",
      'bad queue name "a:b": up to 200 characters, no spaces, colons or braces',
    ],
    ["bullmq+redis://h?queue=a&queue=b", "queue= is given more than once"],
    ["bullmq+redis://", "no host: expected bullmq+redis://HOST:PORT/DB?queue=NAME"],
    ["bullmq+redis://::1", "put an IPv6 address in brackets: bullmq+redis://[::1]:6379"],
  ])("refuses %j in one line", (url, problem) => {
    expect(refusal(url)).toBe(`queue ${redactQueueUrl(url)}: ${problem}`);
  });

  it("never shows the password, whatever is wrong", () => {
    for (const url of [
      "bullmq+redis://u:hunter2@h:99999",
      "bullmq+redis://u:hunter2@h/x",
      "bullmq+redis://hunter2@h",
      "bullmq+redis://u:hun@ter2@h?queue=",
      "bullmq+redis://u:hunter2@h#frag",
    ]) {
      const message = refusal(url);
      expect(message).not.toMatch(/hunter2|ter2/);
      expect(message).not.toMatch(/[\r\n]/);
    }
    expect(shownQueueSpec("bullmq+redis://u:hunter2@h/1?queue=q")).toBe(
      '"bullmq+redis://u:***@h/1?queue=q"',
    );
    expect(redactQueueUrl("at bullmq+rediss://:hunter2@h and redis://:x@h")).toBe(
      "at bullmq+rediss://:***@h and redis://:***@h",
    );
  });
});
