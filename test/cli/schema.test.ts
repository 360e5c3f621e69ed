import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { settingsJsonSchema } from "../../src/cli/settings-json-schema.js";
import { runSettingsSchema } from "../../src/config/run-settings.js";
import { DEFAULT_SETTINGS } from "../../src/config/scenarios.js";
import { BIN } from "../support/built-cli.js";
import { cli } from "../support/cli-in-process.js";

const ROOT = join(import.meta.dirname, "../..");
const PACKAGE = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  readonly bin: Readonly<Record<string, string>>;
  readonly files: readonly string[];
};

/** A property of the generated schema, as an object. */
function property(key: string): Record<string, unknown> {
  const value = settingsJsonSchema().properties?.[key];
  if (typeof value !== "object") throw new Error(`no property ${key}`);
  return value as Record<string, unknown>;
}

describe("the settings' JSON Schema", () => {
  it("is shipped as schema.json, as the settings' schema generates it", () => {
    expect(PACKAGE.files).toContain("schema.json");
    const committed: unknown = JSON.parse(readFileSync(join(ROOT, "schema.json"), "utf8"));
    expect(committed, "schema.json is out of date: run npm run schema").toEqual(
      settingsJsonSchema(),
    );
  });

  it("has every setting with its description and nothing else but $schema", () => {
    const schema = settingsJsonSchema();
    expect(schema.additionalProperties).toBe(false);
    const keys = Object.keys(runSettingsSchema().shape);
    expect(Object.keys(schema.properties ?? {})).toEqual(["$schema", ...keys]);
    for (const key of keys) {
      expect(property(key).description, key).toMatch(/^\S.{5,}[^.]$/);
    }
  });

  it("takes settings as written: units as text or numbers, defaults as in the defaults", () => {
    expect(property("interval")).toMatchObject({ type: ["number", "string"], default: "100ms" });
    expect(property("payloadSize")).toMatchObject({ type: ["number", "string"], default: 256 });
    expect(property("agents")).toMatchObject({ type: "integer", minimum: 2, maximum: 10_000 });
    expect(property("types").default).toEqual(DEFAULT_SETTINGS.types);
    expect(property("seed").default).toBeUndefined();
  });

  it("is what `swarm-stress schema` prints", async () => {
    // The bin package.json names is the one the process tests run (built-cli.ts); what it
    // prints is the command line's, run here in this process.
    expect(join(ROOT, PACKAGE.bin["swarm-stress"] ?? "")).toBe(BIN);
    const { status, stdout, stderr } = await cli(["schema"], ROOT);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual(settingsJsonSchema());
  });
});
