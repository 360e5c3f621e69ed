#!/usr/bin/env node
// The version is checked before anything else loads: a native module built for a newer Node.js
// can crash an older one outright, with no message at all.
import { ExitCode } from "./exit-codes.js";
import { holdForLoadCommand } from "./load-tuning.js";
import { unsupportedNode } from "./node-version.js";

// Before the modules load, which would grow V8's young generation for good and run its
// compilers (load-tuning.ts).
holdForLoadCommand(process.argv.slice(2));

const unsupported = unsupportedNode(process.versions.node);
if (unsupported === undefined) {
  await import("./cli-process.js");
} else {
  process.stderr.write(`swarm-stress: ${unsupported}\n`);
  process.exitCode = ExitCode.Runtime;
}
