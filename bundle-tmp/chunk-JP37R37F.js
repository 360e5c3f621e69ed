import {
  parseThreshold,
  suggest
} from "./chunk-J7LXEMII.js";
import {
  runSettingsSchema
} from "./chunk-XXDQU5QZ.js";
import {
  MESSAGE_TYPES
} from "./chunk-HO7RTZVS.js";
import {
  show
} from "./chunk-2K75BOFE.js";
import {
  once
} from "./chunk-DP7FM7BS.js";

// dist/config/settings-issues.js
function describeIssue(issue) {
  const isDefault = /^(Invalid input|Invalid option|Too small|Too big|Unrecognized key)/.test(issue.message);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => unknownKey(key, issue.path)).join("; ");
    case "invalid_union":
      return isDefault ? describeUnion(issue) : issue.message;
    case "invalid_type":
      if (!isDefault)
        return issue.message;
      return `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${show(issue.input)}`;
    case "invalid_value":
      if (!isDefault)
        return issue.message;
      return `${show(issue.input)} is not one of ${issue.values.map(String).join(", ")}`;
    case "too_small":
      if (!isDefault)
        return issue.message;
      if (issue.origin === "string")
        return "must not be empty";
      return `must be ${issue.inclusive ? "at least" : "above"} ${String(issue.minimum)}${got(issue)}`;
    case "too_big":
      if (!isDefault)
        return issue.message;
      return `must be ${issue.inclusive ? "at most" : "below"} ${String(issue.maximum)}${got(issue)}`;
    default:
      return issue.message;
  }
}
function got(issue) {
  return issue.input === void 0 ? "" : `, got ${show(issue.input)}`;
}
var EXPECTED = {
  number: "a number",
  int: "a whole number",
  string: "text",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping"
};
var settingKeys = () => Object.keys(runSettingsSchema().shape);
function unknownKey(key, path) {
  const inTypes = path.length === 1 && path[0] === "types";
  const hint = suggest(key, inTypes ? MESSAGE_TYPES : path.length === 0 ? settingKeys() : []);
  const what = inTypes ? "message type" : "key";
  const options = inTypes ? ` (${MESSAGE_TYPES.join(", ")})` : "";
  return hint === void 0 ? `unknown ${what} "${key}"${options}` : `unknown ${what} "${key}" (did you mean "${hint}"?)`;
}
function describeUnion(issue) {
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const telling = branches.find((branch) => branch.every((inner2) => inner2.code !== "invalid_type" || inner2.path.length > 0)) ?? branches[0];
  const inner = telling?.[0];
  return inner ? describeIssue(inner) : "invalid value";
}
function formatPath(path) {
  return path.map((step, i) => typeof step === "number" ? `[${step}]` : `${i === 0 ? "" : "."}${String(step)}`).join("");
}

// dist/thresholds/settings-schema.js
var checkedRunSettingsSchema = once(() => runSettingsSchema().superRefine((settings, ctx) => {
  settings.thresholds?.forEach((text, index) => {
    try {
      parseThreshold(text);
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        message: error.message,
        path: ["thresholds", index]
      });
    }
  });
}));

export {
  describeIssue,
  formatPath,
  checkedRunSettingsSchema
};
