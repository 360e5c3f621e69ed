import {
  REDIS_SCHEME
} from "./chunk-PTSGJIAI.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/queue/redis/url.js
var DEFAULT_STREAM = "swarm-stress";
var DEFAULT_PORT = 6379;
var URL_IN_TEXT = /(rediss?:\/\/)((?:(?!rediss?:\/\/)\S)*)/gi;
var HOST_PATH_QUERY = /^([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/;
var STREAM_NAME = /^[^\s{}]{1,200}$/;
function redactQueueUrl(text) {
  return text.replace(URL_IN_TEXT, (_match, scheme, rest) => {
    const at = rest.lastIndexOf("@");
    if (at < 0)
      return scheme + rest;
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(":");
    const shown = colon < 0 ? "***" : `${userinfo.slice(0, colon)}:***`;
    return `${scheme}${shown}${rest.slice(at)}`;
  });
}
function parseRedisQueueUrl(url) {
  if (/\s/.test(url)) {
    throw new ConfigError("queue URL contains a space or line break: percent-encode it as %20");
  }
  const display = redactQueueUrl(url);
  const fail = (problem) => {
    throw new ConfigError(`queue ${display}: ${problem}`);
  };
  const scheme = REDIS_SCHEME.exec(url)?.[0];
  if (scheme === void 0)
    return fail("expected redis://HOST:PORT/DB?stream=NAME");
  const rest = url.slice(scheme.length);
  const at = rest.lastIndexOf("@");
  const userinfo = at < 0 ? void 0 : rest.slice(0, at);
  const parts = HOST_PATH_QUERY.exec(rest.slice(at + 1));
  if (parts === null) {
    return fail(url.includes("#") ? "a queue URL takes no #fragment" : "expected redis://HOST:PORT/DB?stream=NAME (or rediss:// for TLS)");
  }
  const [, hostPort = "", path = "", query] = parts;
  const { host, port } = splitHostPort(hostPort, fail);
  const credentials = userinfo === void 0 ? {} : splitUserinfo(userinfo, fail);
  const db = parseDb(path, fail);
  const stream = parseQuery(query, fail);
  return {
    tls: scheme.toLowerCase() === "rediss://",
    host,
    port,
    db,
    ...credentials,
    stream,
    display,
    target: `${host.includes(":") ? `[${host}]` : host}:${port}`
  };
}
function splitHostPort(text, fail) {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  let host;
  let portText;
  if (bracketed !== null) {
    host = bracketed[1];
    portText = bracketed[2];
  } else {
    const colon = text.lastIndexOf(":");
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? void 0 : text.slice(colon + 1);
    if (host.includes(":"))
      fail("put an IPv6 address in brackets: redis://[::1]:6379");
  }
  if (host === "")
    fail("no host: expected redis://HOST:PORT/DB?stream=NAME");
  if (portText === void 0)
    return { host, port: DEFAULT_PORT };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 1 && port <= 65535))
    fail(`bad port "${portText}": expected 1 to 65535`);
  return { host, port };
}
function splitUserinfo(text, fail) {
  const colon = text.indexOf(":");
  if (colon < 0) {
    return fail("user information without a colon: write redis://:PASSWORD@HOST or redis://USER:PASSWORD@HOST");
  }
  const username = decode(text.slice(0, colon), "user name", fail);
  const password = decode(text.slice(colon + 1), "password", fail);
  return {
    ...username === "" ? {} : { username },
    ...password === "" ? {} : { password }
  };
}
function parseDb(path, fail) {
  const text = path.replace(/^\//, "");
  if (text === "")
    return 0;
  if (!/^\d{1,9}$/.test(text)) {
    fail(`bad database "${text}": expected a database number such as /0`);
  }
  return Number(text);
}
function parseQuery(query, fail) {
  let stream;
  if (query === void 0 || query === "")
    return DEFAULT_STREAM;
  for (const pair of query.split("&")) {
    if (pair === "")
      continue;
    const equals = pair.indexOf("=");
    const key = decode(equals < 0 ? pair : pair.slice(0, equals), "query parameter", fail);
    const value = equals < 0 ? "" : decode(pair.slice(equals + 1), "stream name", fail);
    if (key !== "stream") {
      fail(`unknown query parameter "${key}": only stream=NAME is understood`);
    }
    if (stream !== void 0)
      fail("stream= is given more than once");
    const problem = streamNameProblem(value);
    if (problem !== void 0)
      fail(problem);
    stream = value;
  }
  return stream ?? DEFAULT_STREAM;
}
function streamNameProblem(name) {
  if (name === "")
    return "empty stream name: write ?stream=NAME or leave it out";
  if (!STREAM_NAME.test(name)) {
    return `bad stream name "${name}": up to 200 characters, no spaces or braces`;
  }
  return void 0;
}
function decode(text, what, fail) {
  try {
    return decodeURIComponent(text);
  } catch {
    return fail(`bad percent-escape in the ${what}`);
  }
}

export {
  redactQueueUrl,
  parseRedisQueueUrl,
  streamNameProblem
};
