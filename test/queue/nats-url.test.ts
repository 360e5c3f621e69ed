import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { parseNatsQueueUrl } from "../../src/queue/nats/url.js";
import { parseQueueSpec, shownQueueSpec } from "../../src/queue/queue-spec.js";
import { redactQueueUrl } from "../../src/queue/url-redaction.js";

function problem(url: string): string {
  try {
    parseNatsQueueUrl(url);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe("NATS queue URLs", () => {
  it("takes host, port and stream apart, with the defaults left out", () => {
    expect(parseNatsQueueUrl("nats://127.0.0.1")).toMatchObject({
      host: "127.0.0.1",
      port: 4222,
      stream: "swarm-stress",
      target: "127.0.0.1:4222",
    });
    expect(parseNatsQueueUrl("NATS://broker:4300?stream=orders_1")).toMatchObject({
      host: "broker",
      port: 4300,
      stream: "orders_1",
    });
    expect(parseNatsQueueUrl("nats://[::1]:4222/?stream=q")).toMatchObject({
      host: "::1",
      target: "[::1]:4222",
    });
  });

  it("keeps user and password for connecting, and shows the URL without the password", () => {
    const url = parseNatsQueueUrl("nats://alice:s%40cret@host:4222?stream=q");
    expect(url).toMatchObject({ username: "alice", password: "s@cret" });
    expect(url.display).toBe("nats://alice:***@host:4222?stream=q");
    expect(shownQueueSpec("nats://alice:hunter2@host?stream=q")).not.toContain("hunter2");
    expect(redactQueueUrl("lost nats://u:pw@h:1 and redis://:pw2@h")).toBe(
      "lost nats://u:***@h:1 and redis://:***@h",
    );
  });

  it("refuses what NATS cannot name or reach, in one line without the password", () => {
    const cases: [string, RegExp][] = [
      ["nats://u:topsecret@h?stream=a.b", /bad stream name "a\.b"/],
      ["nats://u:topsecret@h?stream=", /empty stream name/],
      [`nats://u:topsecret@h?stream=${"x".repeat(33)}`, /bad stream name/],
      ["nats://u:topsecret@h:99999", /bad port "99999"/],
      ["nats://u:topsecret@h?queue=x", /unknown query parameter "queue"/],
      ["nats://u:topsecret@h/path", /has no path/],
      ["nats://topsecret@h", /user information without a colon/],
      ["nats://u:topsecret@:4222", /no host/],
    ];
    for (const [url, expected] of cases) {
      const message = problem(url);
      expect(message).toMatch(expected);
      expect(message).not.toContain("topsecret");
      expect(message).not.toContain("\n");
    }
  });

  it("is the nats kind of the one queue-spec parser", () => {
    expect(parseQueueSpec("nats://u:p@127.0.0.1:4222?stream=s")).toMatchObject({
      kind: "nats",
      url: "nats://u:p@127.0.0.1:4222?stream=s",
      stream: "s",
      display: "nats://u:***@127.0.0.1:4222?stream=s",
    });
    expect(() => parseQueueSpec("nats://h?stream=a*b")).toThrow(ConfigError);
  });
});
