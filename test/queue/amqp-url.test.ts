import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { parseAmqpQueueUrl } from "../../src/queue/amqp/url.js";
import { shownQueueSpec } from "../../src/queue/queue-spec.js";
import { redactQueueUrl } from "../../src/queue/url-redaction.js";

function refusal(url: string): string {
  try {
    parseAmqpQueueUrl(url);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`expected ${url} refused`);
}

describe("parseAmqpQueueUrl", () => {
  it("fills in RabbitMQ's defaults: guest, port 5672 (5671 for TLS), vhost /, a classic queue", () => {
    expect(parseAmqpQueueUrl("amqp://mq")).toMatchObject({
      tls: false,
      host: "mq",
      port: 5672,
      vhost: "/",
      username: "guest",
      password: "guest",
      queue: "swarm-stress",
      queueType: "classic",
      target: "mq:5672",
    });
    expect(parseAmqpQueueUrl("amqps://[::1]/")).toMatchObject({
      tls: true,
      host: "::1",
      port: 5671,
      target: "[::1]:5671",
    });
  });

  it("decodes the vhost, so the default one may be written %2F", () => {
    expect(parseAmqpQueueUrl("amqp://u:p@h:5672/%2F?queue=q").vhost).toBe("/");
    expect(parseAmqpQueueUrl("amqp://u:p@h:5672/team%2Fa?queue=q").vhost).toBe("team/a");
    expect(parseAmqpQueueUrl("amqp://u:p@h:5672/swarm").vhost).toBe("swarm");
  });

  it.each([
    ["amqp://u:pw@h:99999/?queue=q", 'bad port "99999"'],
    ["amqp://u:pw@h/a/b?queue=q", "write a slash in the vhost as %2F"],
    ["amqp://u:pw@h/?queue=", "empty queue name"],
    ["amqp://u:pw@h/?queue=amq.x", "RabbitMQ reserves names starting amq."],
    ["amqp://u:pw@h/?queue=a%20b", 'bad queue name "a b"'],
    ["amqp://u:pw@h/?stream=q", 'unknown query parameter "stream"'],
    ["amqp://u:pw@h/?x-queue-type=stream", 'bad x-queue-type "stream"'],
    ["amqp://u:pw@h/?queue=a&queue=b", "queue= is given more than once"],
    ["amqp://pw@h/", "user information without a colon"],
    ["amqp://u:pw@/", "no host"],
  ])("refuses %s in one line, password hidden", (url, problem) => {
    const message = refusal(url);
    expect(message).toContain(problem);
    expect(message).not.toMatch(/\bpw\b/);
    expect(message).not.toMatch(/[\r\n]/);
  });

  it("hides every password in text, also one holding @ or /", () => {
    expect(redactQueueUrl("at amqp://ops:p@ss/w@mq:5672/%2F?queue=q now")).toBe(
      "at amqp://ops:***@mq:5672/%2F?queue=q now",
    );
    expect(redactQueueUrl("amqps://token@mq")).toBe("amqps://***@mq");
    expect(shownQueueSpec("amqp://u:s3cret@mq/?queue=q")).toBe('"amqp://u:***@mq/?queue=q"');
  });
});
