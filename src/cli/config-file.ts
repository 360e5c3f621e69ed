import { dirname, isAbsolute, resolve } from "node:path";
import type * as Yaml from "yaml";
import type { Document, Node } from "yaml";
import type { core as zcore } from "zod";
import type { RunSettings } from "../config/run-settings.js";
import { describeIssue, formatPath } from "../config/settings-issues.js";
import { ConfigError } from "../errors.js";
import { show } from "../model/short-text.js";
import { checkedRunSettingsSchema } from "../thresholds/settings-schema.js";
import { InputFileError, readInputFile } from "../util/input-file.js";
import { lazyPackage } from "../util/lazy.js";
import { SCHEMA_KEY } from "./settings-json-schema.js";

/** The YAML parser, loaded when a config file is read: most runs have none. */
const loadYaml = lazyPackage<typeof Yaml>("yaml");

type Issue = zcore.$ZodIssue;
type Path = readonly PropertyKey[];

/**
 * Read the settings of a run from a YAML or JSON file. JSON goes through the YAML parser too
 * (JSON is YAML), so both get line numbers in their errors. Every problem becomes a
 * {@link ConfigError} of one line that names the file, the line and the key, such as
 * `config.yaml:7: unknown key "batchsize" (did you mean "batchSize"?)`.
 *
 * A relative `core` path is resolved against the file's directory, the way an import in the
 * file would be; other paths (such as `record`) stay relative to the working directory. A
 * `$schema` key names the file's JSON Schema for editors (see `swarm-stress schema`) and is
 * left out of the settings.
 */
export function loadConfigFile(file: string): RunSettings {
  const text = readConfigText(file);
  const { isMap, LineCounter, parseDocument } = loadYaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    const message = yamlMessage(syntaxError.message);
    throw new ConfigError(`${file}:${line}:${col}: syntax error: ${message}`);
  }
  if (doc.contents === null) {
    throw new ConfigError(
      `${file}: the file holds no settings (expected lines such as "agents: 9")`,
    );
  }
  if (!isMap(doc.contents)) {
    const line = lineCounter.linePos(doc.contents.range?.[0] ?? 0).line;
    throw new ConfigError(
      `${file}:${line}: expected a mapping of settings (such as "agents: 9"), found ${describeNode(doc.contents)}`,
    );
  }
  const locate = (path: Path, key?: string): string => {
    const offset = nodeOffset(doc.contents as Node, path, key);
    return offset === undefined ? "" : `:${lineCounter.linePos(offset).line}`;
  };
  const { [SCHEMA_KEY]: schemaRef, ...data } = toData(doc, file) as Record<string, unknown>;
  if (schemaRef !== undefined && typeof schemaRef !== "string") {
    throw new ConfigError(
      `${file}${locate([SCHEMA_KEY])}: ${SCHEMA_KEY}: expected the path or URL of a JSON Schema, got ${show(schemaRef)}`,
    );
  }
  const parsed = checkedRunSettingsSchema().safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap(splitUnknownKeys);
    const first = problems[0] as Issue;
    const key = first.code === "unrecognized_keys" ? first.keys[0] : undefined;
    const where = key === undefined && first.path.length > 0 ? `${formatPath(first.path)}: ` : "";
    throw new ConfigError(
      `${file}${locate(first.path, key)}: ${where}${describeIssue(first)}${moreProblems(problems.length - 1)}`,
    );
  }
  return resolveCorePath(data as RunSettings, file);
}

/** Largest config file read: settings take a few hundred bytes; anything near this is not one. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

function readConfigText(file: string): string {
  try {
    return readInputFile(file, MAX_CONFIG_FILE_BYTES);
  } catch (error) {
    const reason = error instanceof InputFileError ? error.message : yamlMessage(String(error));
    throw new ConfigError(`cannot read config file "${file}": ${reason}`);
  }
}

/**
 * The document as plain data. Expanding aliases is where a "billion laughs" file (aliases of
 * aliases of lists) would take all memory; the parser stops it with an error, reported here as
 * bad input like any other.
 */
function toData(doc: Document.Parsed, file: string): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    throw new ConfigError(
      `${file}: cannot expand the document: ${yamlMessage((error as Error).message)}`,
    );
  }
}

/** One issue per unknown key, so each is counted and the first gets its own line number. */
function splitUnknownKeys(issue: Issue): Issue[] {
  if (issue.code !== "unrecognized_keys" || issue.keys.length <= 1) return [issue];
  return issue.keys.map((key) => ({ ...issue, keys: [key] }));
}

/** Where in the text the value at `path` (or the key `key` of the mapping there) starts. */
function nodeOffset(root: Node, path: Path, key?: string): number | undefined {
  const { isMap, isScalar } = loadYaml();
  let node: unknown = root;
  let offset = root.range?.[0];
  const steps = key === undefined ? path : [...path, key];
  for (const step of steps) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === step);
      if (!pair) return offset;
      // The key's own position: the line people look for when a key is wrong.
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
      node = pair.value;
    } else if (node && typeof node === "object" && "items" in node && typeof step === "number") {
      const item = (node as { items: unknown[] }).items[step];
      if (!item) return offset;
      offset = (item as Node).range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

function resolveCorePath(settings: RunSettings, file: string): RunSettings {
  const core = settings.core;
  if (core === undefined || isAbsolute(core) || !/^\.\.?[\\/]/.test(core)) return settings;
  return { ...settings, core: resolve(dirname(file), core) };
}

function describeNode(node: Node): string {
  const { isScalar } = loadYaml();
  if (isScalar(node)) return node.value === null ? "nothing" : `the value ${show(node.value)}`;
  return "a list";
}

function moreProblems(count: number): string {
  if (count <= 0) return "";
  return ` (and ${count} more problem${count === 1 ? "" : "s"})`;
}

function yamlMessage(text: string): string {
  return (text.split("\n")[0] ?? "").replace(/\s+at line \d+, column \d+:?$/, "").trim();
}
