import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { parsePostgresQueueUrl } from "../../src/queue/postgres/url.js";
import { shownQueueSpec } from "../../src/queue/queue-spec.js";
import { redactQueueUrl } from "../../src/queue/url-redaction.js";

function refusal(url: string): string {
  try {
    parsePostgresQueueUrl(url);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`expected ${url} refused`);
}

describe("parsePostgresQueueUrl", () => {
  it("fills in the defaults: port 5432, queue swarm-stress, pg-boss's schema; no password", () => {
    expect(parsePostgresQueueUrl("postgres://root@db/test")).toMatchObject({
      host: "db",
      port: 5432,
      database: "test",
      username: "root",
      password: "",
      queue: "swarm-stress",
      schema: "pgboss",
      display: "postgres://root@db/test",
      target: "db:5432",
    });
    expect(parsePostgresQueueUrl("postgresql://u:p@[::1]:6543/d?queue=q")).toMatchObject({
      host: "::1",
      port: 6543,
      queue: "q",
      target: "[::1]:6543",
    });
  });

  it("decodes percent-escapes and takes a schema", () => {
    const url = parsePostgresQueueUrl("postgres://u%40x:p%2Fw@h/my%20db?queue=a%2Fb&schema=jobs_1");
    expect(url).toMatchObject({
      username: "u@x",
      password: "p/w",
      database: "my db",
      queue: "a/b",
      schema: "jobs_1",
    });
  });

  it.each([
    ["postgres://u:pw@h:99999/d", 'bad port "99999"'],
    ["postgres://u:pw@h", "no database"],
    ["postgres://u:pw@h/", "no database"],
    ["postgres://u:pw@h/a/b", "the path is the database alone"],
    ["postgres://h/d", "no user"],
    ["postgres://:pw@h/d", "no user"],
    ["postgres://u:pw@h/d?queue=", "empty queue name"],
    ["postgres://u:pw@h/d?queue=a%20b", 'bad queue name "a b"'],
    ["postgres://u:pw@h/d?schema=Public", 'bad schema "Public"'],
    ["postgres://u:pw@h/d?schema=a;drop", 'bad schema "a;drop"'],
    ["postgres://u:pw@h/d?stream=q", 'unknown query parameter "stream"'],
    ["postgres://u:pw@h/d?queue=a&queue=b", "queue= is given more than once"],
    ["postgres://u:pw@/d", "no host"],
    ["postgres://u:pw@h/d%zz", "bad percent-escape in the database"],
  ])("refuses %s in one line, password hidden", (url, problem) => {
    const message = refusal(url);
    expect(message).toContain(problem);
    expect(message).not.toMatch(/\bpw\b/);
    expect(message).not.toMatch(/[\r\n]/);
  });

  it("hides every password in text, also one holding @ or /, but shows a user alone", () => {
    expect(redactQueueUrl("at postgres://ops:p@ss/w@db:5432/test?queue=q now")).toBe(
      "at postgres://ops:***@db:5432/test?queue=q now",
    );
    expect(redactQueueUrl("POSTGRESQL://ops:pw@db/test")).toBe("POSTGRESQL://ops:***@db/test");
    expect(redactQueueUrl("postgres://root@db/test")).toBe("postgres://root@db/test");
    expect(shownQueueSpec("postgres://u:s3cret@db/t?queue=q")).toBe(
      '"postgres://u:***@db/t?queue=q"',
    );
  });
});
