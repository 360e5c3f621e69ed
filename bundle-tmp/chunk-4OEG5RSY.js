// dist/util/first-line.js
function firstLine(error) {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0] ?? text;
}

// dist/errors.js
var ConfigError = class extends Error {
  name = "ConfigError";
};
var RuntimeError = class extends Error {
  name = "RuntimeError";
};

export {
  firstLine,
  ConfigError,
  RuntimeError
};
