import {
  InputFileError,
  readInputFile
} from "./chunk-ZX2PIGHC.js";
import {
  checkedRunSettingsSchema,
  describeIssue,
  formatPath
} from "./chunk-JP37R37F.js";
import {
  DEFAULT_ARRIVALS,
  DEFAULT_MAX_BACKLOG
} from "./chunk-EFPR5QAB.js";
import {
  SCHEMA_KEY
} from "./chunk-FP2YP6UV.js";
import {
  runSettingsSchema
} from "./chunk-XXDQU5QZ.js";
import {
  DEFAULT_SETTINGS
} from "./chunk-QWIFIVGU.js";
import {
  quoteShort,
  show
} from "./chunk-2K75BOFE.js";
import {
  lazyPackage
} from "./chunk-DP7FM7BS.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/cli/config-file.js
import { dirname, isAbsolute, resolve } from "node:path";
var loadYaml = lazyPackage("yaml");
function loadConfigFile(file) {
  const text2 = readConfigText(file);
  const { isMap, LineCounter, parseDocument } = loadYaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text2, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxError = doc.errors[0];
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    const message = yamlMessage(syntaxError.message);
    throw new ConfigError(`${file}:${line}:${col}: syntax error: ${message}`);
  }
  if (doc.contents === null) {
    throw new ConfigError(`${file}: the file holds no settings (expected lines such as "agents: 9")`);
  }
  if (!isMap(doc.contents)) {
    const line = lineCounter.linePos(doc.contents.range?.[0] ?? 0).line;
    throw new ConfigError(`${file}:${line}: expected a mapping of settings (such as "agents: 9"), found ${describeNode(doc.contents)}`);
  }
  const locate = (path, key) => {
    const offset = nodeOffset(doc.contents, path, key);
    return offset === void 0 ? "" : `:${lineCounter.linePos(offset).line}`;
  };
  const { [SCHEMA_KEY]: schemaRef, ...data } = toData(doc, file);
  if (schemaRef !== void 0 && typeof schemaRef !== "string") {
    throw new ConfigError(`${file}${locate([SCHEMA_KEY])}: ${SCHEMA_KEY}: expected the path or URL of a JSON Schema, got ${show(schemaRef)}`);
  }
  const parsed = checkedRunSettingsSchema().safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap(splitUnknownKeys);
    const first = problems[0];
    const key = first.code === "unrecognized_keys" ? first.keys[0] : void 0;
    const where = key === void 0 && first.path.length > 0 ? `${formatPath(first.path)}: ` : "";
    throw new ConfigError(`${file}${locate(first.path, key)}: ${where}${describeIssue(first)}${moreProblems(problems.length - 1)}`);
  }
  return resolveCorePath(data, file);
}
var MAX_CONFIG_FILE_BYTES = 1024 * 1024;
function readConfigText(file) {
  try {
    return readInputFile(file, MAX_CONFIG_FILE_BYTES);
  } catch (error) {
    const reason = error instanceof InputFileError ? error.message : yamlMessage(String(error));
    throw new ConfigError(`cannot read config file "${file}": ${reason}`);
  }
}
function toData(doc, file) {
  try {
    return doc.toJS();
  } catch (error) {
    throw new ConfigError(`${file}: cannot expand the document: ${yamlMessage(error.message)}`);
  }
}
function splitUnknownKeys(issue) {
  if (issue.code !== "unrecognized_keys" || issue.keys.length <= 1)
    return [issue];
  return issue.keys.map((key) => ({ ...issue, keys: [key] }));
}
function nodeOffset(root, path, key) {
  const { isMap, isScalar } = loadYaml();
  let node = root;
  let offset = root.range?.[0];
  const steps = key === void 0 ? path : [...path, key];
  for (const step of steps) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === step);
      if (!pair)
        return offset;
      offset = (isScalar(pair.key) ? pair.key.range?.[0] : void 0) ?? offset;
      node = pair.value;
    } else if (node && typeof node === "object" && "items" in node && typeof step === "number") {
      const item = node.items[step];
      if (!item)
        return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}
function resolveCorePath(settings, file) {
  const core = settings.core;
  if (core === void 0 || isAbsolute(core) || !/^\.\.?[\\/]/.test(core))
    return settings;
  return { ...settings, core: resolve(dirname(file), core) };
}
function describeNode(node) {
  const { isScalar } = loadYaml();
  if (isScalar(node))
    return node.value === null ? "nothing" : `the value ${show(node.value)}`;
  return "a list";
}
function moreProblems(count) {
  if (count <= 0)
    return "";
  return ` (and ${count} more problem${count === 1 ? "" : "s"})`;
}
function yamlMessage(text2) {
  return (text2.split("\n")[0] ?? "").replace(/\s+at line \d+, column \d+:?$/, "").trim();
}

// dist/cli/flag-values.js
function wholeNumber(text2) {
  if (!/^\d[\d_]*$/.test(text2.trim())) {
    throw new Error(`expected a whole number, got ${quoteShort(text2)}`);
  }
  const value = Number(text2.trim().replace(/_/g, ""));
  if (!Number.isSafeInteger(value))
    throw new Error(`${quoteShort(text2)} is too large`);
  return value;
}
function fraction(text2) {
  const percent = /^\s*(.+?)\s*%\s*$/.exec(text2);
  const value = Number(percent ? percent[1] : text2.trim());
  if (text2.trim() === "" || !Number.isFinite(value)) {
    throw new Error(`expected a number from 0 to 1 or a percentage, got ${quoteShort(text2)}`);
  }
  return percent ? value / 100 : value;
}
function typeList(text2) {
  const parts = text2.split(",").map((part) => part.trim()).filter((part) => part !== "");
  if (parts.length === 0) {
    throw new Error("expected types such as direct,broadcast or weights such as direct=3,broadcast=1");
  }
  if (!parts.some((part) => part.includes("=")))
    return parts;
  const weights = {};
  for (const part of parts) {
    const [name = "", weightText = "1"] = part.split("=").map((side) => side.trim());
    const weight = Number(weightText);
    if (weightText === "" || !Number.isFinite(weight)) {
      throw new Error(`weight ${quoteShort(weightText)} of ${name} is not a number`);
    }
    weights[name] = weight;
  }
  return weights;
}
function collect(value, previous) {
  return [...previous ?? [], value];
}

// dist/cli/flags.js
var COUNT = { kind: "value", arg: "n", convert: wholeNumber };
var DURATION = { kind: "value", arg: "duration", convert: String };
var text = (arg) => ({ kind: "value", arg, convert: String });
var SETTING_FLAGS = {
  scenario: { ...text("name"), short: "-s" },
  agents: COUNT,
  messagesPerAgent: COUNT,
  types: {
    kind: "value",
    arg: "list",
    convert: typeList,
    help: "message types, e.g. direct,broadcast or weights direct=3,broadcast=1"
  },
  payloadSize: text("spec"),
  generation: text("mode"),
  load: { ...text("model"), defaultText: "closed, or open with a rate or stages" },
  rate: text("rate"),
  arrivals: { ...text("process"), defaultText: DEFAULT_ARRIVALS },
  duration: DURATION,
  stages: text("stages"),
  maxBacklog: { ...COUNT, defaultText: String(DEFAULT_MAX_BACKLOG) },
  seed: { ...COUNT, defaultText: "random" },
  batchSize: COUNT,
  interval: DURATION,
  concurrency: { ...COUNT, defaultText: "the batch size" },
  maxAttempts: COUNT,
  retryBaseDelay: DURATION,
  retryMaxDelay: DURATION,
  timeout: { ...DURATION, defaultText: "none" },
  initTimeout: DURATION,
  closeTimeout: DURATION,
  queue: text("driver"),
  workers: COUNT,
  queueCapacity: COUNT,
  visibilityTimeout: DURATION,
  core: text("core"),
  delay: text("spec"),
  successRate: {
    kind: "value",
    arg: "x",
    convert: fraction,
    help: "mock core: attempt success probability, e.g. 0.95 or 95%"
  },
  chaos: {
    kind: "switch",
    negation: "turn chaos off even if the scenario or config file turns it on"
  },
  record: text("file"),
  thresholds: {
    kind: "list",
    name: "threshold",
    arg: "expr",
    help: "pass/fail criterion, repeatable, e.g. 'latency.endToEnd.p99<5ms' or 'successRate>=95%'"
  },
  abortOnFail: { kind: "switch" }
};
function flagName(key) {
  const flag = Object.hasOwn(SETTING_FLAGS, key) ? SETTING_FLAGS[key] : void 0;
  return `--${flag?.name ?? key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
function settingsFromFlags(flags) {
  const settings = {};
  for (const [key, flag] of Object.entries(SETTING_FLAGS)) {
    const value = flags[key];
    if (value === void 0)
      continue;
    if (flag.kind !== "value") {
      settings[key] = value;
      continue;
    }
    try {
      settings[key] = flag.convert(String(value));
    } catch (error) {
      throw new ConfigError(`${flagName(key)}: ${error.message}`);
    }
  }
  const parsed = checkedRunSettingsSchema().safeParse(settings, { reportInput: true });
  const issue = parsed.error?.issues[0];
  if (issue)
    throw new ConfigError(`${flagName(String(issue.path[0]))}: ${describeIssue(issue)}`);
  return settings;
}

// dist/cli/setting-options.js
import { Option } from "@commander-js/extra-typings";
function settingOptions(except = []) {
  const table = Object.entries(SETTING_FLAGS);
  return table.filter(([key]) => !except.includes(key)).flatMap(([key, flag]) => optionsOf(flagName(key), helpLine(key, flag), flag));
}
function optionsOf(name, help, flag) {
  switch (flag.kind) {
    case "value": {
      const short = flag.short === void 0 ? "" : `${flag.short}, `;
      return [new Option(`${short}${name} <${flag.arg}>`, help)];
    }
    case "list":
      return [new Option(`${name} <${flag.arg}>`, help).argParser(collect)];
    case "switch":
      return flag.negation === void 0 ? [new Option(name, help)] : [new Option(name, help), new Option(`--no-${name.slice(2)}`, flag.negation)];
  }
}
function helpLine(key, flag) {
  const described = flag.help ?? runSettingsSchema().shape[key].description ?? key;
  const shown = flag.kind === "value" ? defaultText(key, flag.defaultText) : "";
  return `${described}${shown}`;
}
function defaultText(key, text2) {
  if (text2 !== void 0)
    return ` (default: ${text2})`;
  const value = Object.hasOwn(DEFAULT_SETTINGS, key) ? DEFAULT_SETTINGS[key] : void 0;
  return typeof value === "string" || typeof value === "number" ? ` (default ${value})` : "";
}

export {
  loadConfigFile,
  fraction,
  collect,
  settingsFromFlags,
  settingOptions
};
