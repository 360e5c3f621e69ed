import type { core as zcore } from "zod";
import { MESSAGE_TYPES } from "../model/message.js";
import { show } from "../model/short-text.js";
import { suggest } from "../model/suggest.js";
import { runSettingsSchema } from "./run-settings.js";

/** One problem zod found in run settings. */
export type Issue = zcore.$ZodIssue;
type Path = readonly PropertyKey[];

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
      return `must be ${issue.inclusive ? "at least" : "above"} ${String(issue.minimum)}${got(issue)}`;
    case "too_big":
      if (!isDefault) return issue.message;
      return `must be ${issue.inclusive ? "at most" : "below"} ${String(issue.maximum)}${got(issue)}`;
    default:
      return issue.message;
  }
}

/** `, got 12` when zod kept the value (when parsed with `reportInput`), else nothing. */
function got(issue: Issue): string {
  return issue.input === undefined ? "" : `, got ${show(issue.input)}`;
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

/** The settings' names, for a suggestion when a key is unknown (only then is the schema built). */
const settingKeys = (): readonly string[] => Object.keys(runSettingsSchema().shape);

function unknownKey(key: string, path: Path): string {
  const inTypes = path.length === 1 && path[0] === "types";
  const hint = suggest(key, inTypes ? MESSAGE_TYPES : path.length === 0 ? settingKeys() : []);
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

/** A settings path as people write it: `types.direct`, `list[2]`. */
export function formatPath(path: Path): string {
  return path
    .map((step, i) =>
      typeof step === "number" ? `[${step}]` : `${i === 0 ? "" : "."}${String(step)}`,
    )
    .join("");
}
