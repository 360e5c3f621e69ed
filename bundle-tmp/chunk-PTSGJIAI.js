// dist/config/queue-kind.js
var SQLITE_PREFIX = "sqlite:";
var REDIS_SCHEME = /^rediss?:\/\//i;
var QUEUE_SETTING_PATTERN = /^(?:memory$|sqlite:|[rR][eE][dD][iI][sS][sS]?:\/\/)/;
var QUEUE_FORMS = '"memory", "sqlite:PATH" or "redis://HOST:PORT/DB?stream=NAME"';
function queueKindOf(text) {
  if (text === "memory")
    return "memory";
  if (text.startsWith(SQLITE_PREFIX))
    return "sqlite";
  if (REDIS_SCHEME.test(text))
    return "redis";
  return void 0;
}

export {
  SQLITE_PREFIX,
  REDIS_SCHEME,
  QUEUE_SETTING_PATTERN,
  QUEUE_FORMS,
  queueKindOf
};
