import {
  parseRedisQueueUrl,
  redactQueueUrl
} from "./chunk-QDXHEC6X.js";
import {
  QUEUE_FORMS,
  SQLITE_PREFIX,
  queueKindOf
} from "./chunk-PTSGJIAI.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/queue/queue-spec.js
function parseQueueSpec(text) {
  switch (queueKindOf(text)) {
    case "memory":
      return { kind: "memory" };
    case "sqlite":
      return { kind: "sqlite", path: sqlitePath(text) };
    case "redis":
      return { kind: "redis", url: text, ...parseRedisQueueUrl(text) };
    case void 0:
      throw new ConfigError(`unknown queue ${shownQueueSpec(text)}: expected ${QUEUE_FORMS}`);
  }
}
function parseQueueSpecOf(text, kind, refusal) {
  if (queueKindOf(text) !== kind)
    throw new ConfigError(refusal);
  const spec = parseQueueSpec(text);
  if (!isOfKind(spec, kind))
    throw new ConfigError(refusal);
  return spec;
}
function isOfKind(spec, kind) {
  return spec.kind === kind;
}
function sqlitePath(text) {
  const path = text.slice(SQLITE_PREFIX.length);
  if (path === "") {
    throw new ConfigError(`expected a queue file as sqlite:PATH, got ${JSON.stringify(text)}`);
  }
  if (/[\r\n\u2028\u2029]/.test(path)) {
    throw new ConfigError("queue file path holds a line break: name the file without one");
  }
  return path;
}
function shownQueueSpec(text) {
  return JSON.stringify(redactQueueUrl(text));
}

export {
  parseQueueSpec,
  parseQueueSpecOf,
  shownQueueSpec
};
