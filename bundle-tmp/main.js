#!/usr/bin/env node
import {
  holdYoungGeneration
} from "./chunk-KZNHWGSP.js";
import {
  ExitCode
} from "./chunk-AFAGSFCF.js";

// dist/cli/node-version.js
var REQUIRED_NODE = "22.12.0";
function unsupportedNode(version) {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const [needMajor = 0, needMinor = 0] = REQUIRED_NODE.split(".").map(Number);
  if (major > needMajor || major === needMajor && minor >= needMinor)
    return void 0;
  return `needs Node.js ${REQUIRED_NODE} or newer, this is ${version}: install Node.js 24 (see the README)`;
}

// dist/cli/main.js
holdYoungGeneration();
var unsupported = unsupportedNode(process.versions.node);
if (unsupported === void 0) {
  await import("./cli-process-O6WYVX4I.js");
} else {
  process.stderr.write(`swarm-stress: ${unsupported}
`);
  process.exitCode = ExitCode.Runtime;
}
