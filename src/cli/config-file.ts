import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { isMap, isScalar, LineCounter, type Node, parseDocument } from "yaml";
import type { core as zcore } from "zod";
import { ConfigError } from "../errors.js";
import { type RunSettings, RunSettingsSchema } from "../model/config.js";
import { MESSAGE_TYPES } from "../model/message.js";

type Issue = zcore.$ZodIssue;
type Path = readonly PropertyKey[];

/**
 * Read the settings of a run from a YAML or JSON file. JSON goes through the YAML parser too
 * (JSON is YAML), so both get line numbers in their errors. Every problem becomes a
 * {@link ConfigError} of one line that names the file, the line and the key, such as
 * `config.yaml:7: unknown key "batchsize" (did you mean "batchSize"?)`.
 *
 * A relative `core` path is resolved against the file's directory, the way an import in the
 * file would be; other paths (such as `record`) stay relative to the working directory.
 */
export function loadConfigFile(file: string): RunSettings {
  const text = readConfigText(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    const message = firstLine(syntaxError.message);
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
  const data: unknown = doc.toJS();
  const parsed = RunSettingsSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap(splitUnknownKeys);
    const first = problems[0] as Issue;
    const locate = (path: Path, key?: string): string => {
      const offset = nodeOffset(doc.contents as Node, path, key);
      return offset === undefined ? "" : `:${lineCounter.linePos(offset).line}`;
    };
    const key = first.code === "unrecognized_keys" ? first.keys[0] : undefined;
    const where = key === undefined && first.path.length > 0 ? `${formatPath(first.path)}: ` : "";
    throw new ConfigError(
      `${file}${locate(first.path, key)}: ${where}${describeIssue(first)}${moreProblems(problems.length - 1)}`,
    );
  }
  return resolveCorePath(data as RunSettings, file);
}

/**
 * One readable sentence for a zod issue about run settings, without the field's name (the
 * caller prefixes the flag or the file position). zod's own default wording is replaced;
 * messages written in the schema are kept, since they already say what is expected.
 */
export function describeIssue(issue: Issue): string {
  const isDefault = /^(Invalid input|Invalid option|Too small|Too big|Unrecognized key)/.test(
    issue.message,
  );
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => unknownKey(key, issue.path)).join("; ");
    case "invalid_union":
      return isDefault ? describeUnion(issue) : issue.message;
    case "invalid_type":
      if (!isDefault) return issue.message;
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${show(issue.input)}`;
    case "invalid_value":
      if (!isDefault) return issue.message;
      return `${show(issue.input)} is not one of ${issue.values.map(String).join(", ")}`;
    case "too_small":
      if (!isDefault) return issue.message;
      if (issue.origin === "string") return "must not be empty";
      return `must be ${issue.inclusive ? "at least" : "above"} ${String(issue.minimum)}, got ${show(issue.input)}`;
    case "too_big":
      if (!isDefault) return issue.message;
      return `must be ${issue.inclusive ? "at most" : "below"} ${String(issue.maximum)}, got ${show(issue.input)}`;
    default:
      return issue.message;
  }
}

/**
 * The candidate closest to `word`, if close enough to be what was meant. Case, dashes and
 * underscores are ignored first, since `batch-size` and `batchsize` are the usual slips.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const normal = (text: string) => text.toLowerCase().replace(/[-_\s]/g, "");
  const exact = candidates.find((candidate) => normal(candidate) === normal(word));
  if (exact !== undefined) return exact;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(normal(word), normal(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Readable names of zod's `expected` types. */
const EXPECTED: Readonly<Record<string, string>> = {
  number: "a number",
  int: "a whole number",
  string: "text",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
};

const SETTING_KEYS: readonly string[] = Object.keys(RunSettingsSchema.shape);

function unknownKey(key: string, path: Path): string {
  const inTypes = path.length === 1 && path[0] === "types";
  const hint = suggest(key, inTypes ? MESSAGE_TYPES : path.length === 0 ? SETTING_KEYS : []);
  const what = inTypes ? "message type" : "key";
  const options = inTypes ? ` (${MESSAGE_TYPES.join(", ")})` : "";
  return hint === undefined
    ? `unknown ${what} "${key}"${options}`
    : `unknown ${what} "${key}" (did you mean "${hint}"?)`;
}

/**
 * zod reports a failed union as the failures of every branch. The branch that got furthest
 * (one not rejected for its type as a whole) says what is actually wrong.
 */
function describeUnion(issue: Extract<Issue, { code: "invalid_union" }>): string {
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const telling =
    branches.find((branch) =>
      branch.every((inner) => inner.code !== "invalid_type" || inner.path.length > 0),
    ) ?? branches[0];
  const inner = telling?.[0];
  return inner ? describeIssue(inner) : "invalid value";
}

function readConfigText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : code === "EACCES" || code === "EPERM"
            ? "permission denied"
            : firstLine((error as Error).message);
    throw new ConfigError(`cannot read config file "${file}": ${reason}`);
  }
}

/** One issue per unknown key, so each is counted and the first gets its own line number. */
function splitUnknownKeys(issue: Issue): Issue[] {
  if (issue.code !== "unrecognized_keys" || issue.keys.length <= 1) return [issue];
  return issue.keys.map((key) => ({ ...issue, keys: [key] }));
}

/** Where in the text the value at `path` (or the key `key` of the mapping there) starts. */
function nodeOffset(root: Node, path: Path, key?: string): number | undefined {
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
  if (isScalar(node)) return node.value === null ? "nothing" : `the value ${show(node.value)}`;
  return "a list";
}

function moreProblems(count: number): string {
  if (count <= 0) return "";
  return ` (and ${count} more problem${count === 1 ? "" : "s"})`;
}

function formatPath(path: Path): string {
  return path.map((step) => (typeof step === "number" ? `[${step}]` : String(step))).join(".");
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (value !== null && typeof value === "object") return "a mapping";
  return String(value);
}

function firstLine(text: string): string {
  return (text.split("\n")[0] ?? "").replace(/\s+at line \d+, column \d+:?$/, "").trim();
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
