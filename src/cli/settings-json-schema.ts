import type { z } from "zod";
import { runSettingsSchema } from "../config/run-settings.js";
import { DEFAULT_SETTINGS } from "../config/scenarios.js";
import { loadZod } from "../util/zod.js";

/** A JSON Schema document, as zod writes them. */
export type JsonSchema = z.core.JSONSchema.JSONSchema;

/**
 * The key a config file may use to name its JSON Schema, so that an editor checks and completes
 * it; the run ignores it.
 */
export const SCHEMA_KEY = "$schema";

/**
 * The JSON Schema of a config file: the settings as people write them (durations and sizes as
 * text or numbers, before parsing), each with its description and, where it has one, its
 * default. Draft 7, the newest draft that editors' YAML and JSON support all read. What a schema
 * cannot say (a duration's syntax, thresholds' metrics) is still checked when the file is read.
 */
export function settingsJsonSchema(): JsonSchema {
  const generated = loadZod().z.toJSONSchema(runSettingsSchema(), {
    io: "input",
    target: "draft-7",
  });
  const properties: Record<string, JsonSchema> = {
    [SCHEMA_KEY]: {
      type: "string",
      description: "the path or URL of this JSON Schema, for editors; the run ignores it",
    },
  };
  for (const [key, property] of Object.entries(generated.properties ?? {})) {
    if (typeof property === "boolean") continue;
    const value: unknown = Object.hasOwn(DEFAULT_SETTINGS, key)
      ? DEFAULT_SETTINGS[key as keyof typeof DEFAULT_SETTINGS]
      : undefined;
    properties[key] = value === undefined ? property : { ...property, default: value };
  }
  return {
    $schema: generated.$schema,
    title: "swarm-stress run settings",
    description:
      "A swarm-stress config file (swarm-stress run --config FILE): every key is optional; missing ones come from the scenario, then from the defaults. See docs/configuration.md.",
    type: "object",
    properties,
    additionalProperties: false,
  };
}

/** {@link settingsJsonSchema} as `swarm-stress schema` prints it and `npm run schema` saves it. */
export function settingsJsonSchemaText(): string {
  return `${JSON.stringify(settingsJsonSchema(), null, 2)}\n`;
}
