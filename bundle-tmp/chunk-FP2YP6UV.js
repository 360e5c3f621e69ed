import {
  runSettingsSchema
} from "./chunk-XXDQU5QZ.js";
import {
  loadZod
} from "./chunk-SKMD6Q72.js";
import {
  DEFAULT_SETTINGS
} from "./chunk-QWIFIVGU.js";

// dist/cli/settings-json-schema.js
var SCHEMA_KEY = "$schema";
function settingsJsonSchema() {
  const generated = loadZod().z.toJSONSchema(runSettingsSchema(), {
    io: "input",
    target: "draft-7"
  });
  const properties = {
    [SCHEMA_KEY]: {
      type: "string",
      description: "the path or URL of this JSON Schema, for editors; the run ignores it"
    }
  };
  for (const [key, property] of Object.entries(generated.properties ?? {})) {
    if (typeof property === "boolean")
      continue;
    const value = Object.hasOwn(DEFAULT_SETTINGS, key) ? DEFAULT_SETTINGS[key] : void 0;
    properties[key] = value === void 0 ? property : { ...property, default: value };
  }
  return {
    $schema: generated.$schema,
    title: "swarm-stress run settings",
    description: "A swarm-stress config file (swarm-stress run --config FILE): every key is optional; missing ones come from the scenario, then from the defaults. See docs/configuration.md.",
    type: "object",
    properties,
    additionalProperties: false
  };
}
function settingsJsonSchemaText() {
  return `${JSON.stringify(settingsJsonSchema(), null, 2)}
`;
}

export {
  SCHEMA_KEY,
  settingsJsonSchema,
  settingsJsonSchemaText
};
