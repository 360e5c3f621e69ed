import { readFileSync } from "node:fs";
import os from "node:os";
import type { Environment } from "../result/result.js";

/**
 * Both `src/run/environment.ts` (under tsx) and `dist/run/environment.js` (after build) sit two
 * levels below the project root, so one relative URL finds package.json in either layout.
 */
const PACKAGE_JSON = new URL("../../package.json", import.meta.url);

let cachedVersion: string | undefined;

/** Version of swarm-stress itself; "unknown" rather than a throw, as results must still be written. */
export function packageVersion(): string {
  if (cachedVersion === undefined) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(PACKAGE_JSON, "utf8"));
      const version = (parsed as { version?: unknown } | null)?.version;
      cachedVersion = typeof version === "string" ? version : "unknown";
    } catch {
      cachedVersion = "unknown";
    }
  }
  return cachedVersion;
}

/**
 * Describes the machine and runtime a run happened on, so results from different hosts or Node
 * versions are not compared as if they were alike.
 */
export function describeEnvironment(): Environment {
  const cpus = os.cpus();
  return {
    swarmStress: packageVersion(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    // os.cpus() is empty in some sandboxes; availableParallelism still reports what we may use.
    cpus: cpus.length > 0 ? cpus.length : os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() || "unknown",
    totalMemoryMB: Math.round(os.totalmem() / (1024 * 1024)),
    hostname: os.hostname(),
  };
}
