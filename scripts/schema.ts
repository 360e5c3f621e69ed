/**
 * Regenerate schema.json, the JSON Schema of config files shipped with the package, from the
 * settings' zod schema. Run with `npm run schema`, which then lets the formatter lay it out;
 * test/cli/schema.test.ts fails while the committed file says other than what this writes.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { settingsJsonSchemaText } from "../src/cli/settings-json-schema.js";

const FILE = join(import.meta.dirname, "..", "schema.json");

writeFileSync(FILE, settingsJsonSchemaText());
process.stdout.write(`wrote ${FILE}\n`);
