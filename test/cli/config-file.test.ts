import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfigFile, MAX_CONFIG_FILE_BYTES } from "../../src/cli/config-file.js";
import { ConfigError } from "../../src/errors.js";

const FIXTURES = resolve(import.meta.dirname, "../fixtures/config");
const dir = mkdtempSync(join(tmpdir(), "swarm-stress-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Write `text` to a temp file named `name` and return its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The ConfigError message loading `path` throws. */
function errorOf(path: string): string {
  try {
    loadConfigFile(path);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error(`loading ${path} did not fail`);
}

describe("loadConfigFile", () => {
  it("reads YAML settings, resolving a relative core path against the file", () => {
    const path = join(FIXTURES, "small.yaml");
    expect(loadConfigFile(path)).toEqual({
      agents: 3,
      messagesPerAgent: 4,
      types: { direct: 3, broadcast: 1 },
      batchSize: 5,
      interval: "0ms",
      delay: 0,
      seed: 11,
      core: resolve(FIXTURES, "../cores/echo.js"),
    });
  });

  it("reads JSON through the same parser", () => {
    const path = file("ok.json", '{\n  "agents": 4,\n  "interval": "1ms"\n}\n');
    expect(loadConfigFile(path)).toEqual({ agents: 4, interval: "1ms" });
  });

  it("leaves mock and absolute core paths alone", () => {
    expect(loadConfigFile(file("mock.yaml", "core: mock\n"))).toEqual({ core: "mock" });
    expect(loadConfigFile(file("abs.yaml", "core: /x/core.js\n"))).toEqual({
      core: "/x/core.js",
    });
  });

  it("ignores a $schema key, which names the JSON Schema for editors", () => {
    const yaml = file(
      "schema.yaml",
      "$schema: ../node_modules/swarm-stress/schema.json\nagents: 4\n",
    );
    expect(loadConfigFile(yaml)).toEqual({ agents: 4 });
    const json = file("schema.json", '{\n  "$schema": "./schema.json",\n  "agents": 4\n}\n');
    expect(loadConfigFile(json)).toEqual({ agents: 4 });
  });

  it("refuses a $schema that is not text, naming its line", () => {
    expect(errorOf(file("bad-schema.yaml", "agents: 4\n$schema: 5\n"))).toBe(
      `${dir}/bad-schema.yaml:2: $schema: expected the path or URL of a JSON Schema, got 5`,
    );
  });

  it("names an unknown key and its line, with a suggestion", () => {
    const path = join(FIXTURES, "unknown-key.yaml");
    expect(errorOf(path)).toBe(`${path}:7: unknown key "batchsize" (did you mean "batchSize"?)`);
  });

  it("gives JSON files line numbers too", () => {
    const path = join(FIXTURES, "typo.json");
    expect(errorOf(path)).toBe(`${path}:7: unknown key "sed" (did you mean "seed"?)`);
  });

  it("counts further problems without listing them", () => {
    const path = file("two.yaml", "agents: 3\nfoo: 1\nbar: 2\n");
    expect(errorOf(path)).toBe(`${path}:2: unknown key "foo" (and 1 more problem)`);
  });

  it("names the field and line of a bad value", () => {
    const path = file("bad.yaml", "agents: 3\n\ninterval: soon\n");
    expect(errorOf(path)).toBe(
      `${path}:3: interval: invalid duration "soon": expected a number with a unit (250us, 1ms, 0.1s)`,
    );
    const types = file("types.yaml", "types:\n  direct: 1\n  brodcast: 2\n");
    expect(errorOf(types)).toBe(
      `${types}:3: unknown message type "brodcast" (did you mean "broadcast"?)`,
    );
    const weight = file("weight.yaml", "types:\n  direct: -1\n");
    expect(errorOf(weight)).toBe(`${weight}:2: types.direct: must be at least 0, got -1`);
    const list = file("list.yaml", "types: [direct, dirct]\n");
    expect(errorOf(list)).toContain(`${list}:1: types: unknown message type "dirct"`);
    const kind = file("kind.yaml", "agents: many\n");
    expect(errorOf(kind)).toBe(`${kind}:1: agents: expected a number, got "many"`);
  });

  it("reports a syntax error with line and column", () => {
    const path = file("syntax.yaml", "agents: 3\ntypes: [direct, broadcast\ninterval: 0\n");
    expect(errorOf(path)).toMatch(new RegExp(`^${escapeRegExp(path)}:\\d+:\\d+: syntax error: `));
    const json = file("broken.json", '{\n  "agents": 3,\n  "seed": \n');
    expect(errorOf(json)).toMatch(/broken\.json:\d+:\d+: syntax error: /);
    const duplicate = file("dup.yaml", "agents: 3\nagents: 4\n");
    expect(errorOf(duplicate)).toBe(`${duplicate}:2:1: syntax error: Map keys must be unique`);
  });

  it("rejects a document that is not a mapping", () => {
    const list = file("list-doc.yaml", "- agents: 3\n");
    expect(errorOf(list)).toBe(
      `${list}:1: expected a mapping of settings (such as "agents: 9"), found a list`,
    );
    const scalar = file("scalar.yaml", "agents\n");
    expect(errorOf(scalar)).toContain('found the value "agents"');
    const empty = file("empty.yaml", "# nothing yet\n");
    expect(errorOf(empty)).toBe(
      `${empty}: the file holds no settings (expected lines such as "agents: 9")`,
    );
  });

  it("explains a missing or unreadable file", () => {
    expect(errorOf(join(dir, "nope.yaml"))).toBe(
      `cannot read config file "${join(dir, "nope.yaml")}": no such file`,
    );
    expect(errorOf(dir)).toBe(`cannot read config file "${dir}": it is a directory`);
  });

  it("refuses a FIFO, a device and a file over 1 MiB before reading them", () => {
    const fifo = join(dir, "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    expect(errorOf(fifo)).toBe(
      `cannot read config file "${fifo}": it is a named pipe (FIFO), not a regular file`,
    );
    expect(errorOf("/dev/zero")).toBe(
      'cannot read config file "/dev/zero": it is a character device, not a regular file',
    );
    const big = file("big.yaml", `agents: 3\n${"#".repeat(MAX_CONFIG_FILE_BYTES)}\n`);
    expect(errorOf(big)).toBe(
      `cannot read config file "${big}": it is larger than the limit of 1 MiB`,
    );
    const fits = file("fits.yaml", `agents: 3\n${"#".repeat(MAX_CONFIG_FILE_BYTES - 12)}\n`);
    expect(loadConfigFile(fits)).toEqual({ agents: 3 });
  });

  it("refuses a YAML alias bomb as bad input", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const [name, previous] = [String.fromCharCode(97 + i), String.fromCharCode(96 + i)];
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
    }
    const bomb = file("bomb.yaml", `${lines.join("\n")}\n`);
    expect(errorOf(bomb)).toBe(
      `${bomb}: cannot expand the document: Excessive alias count indicates a resource exhaustion attack`,
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
