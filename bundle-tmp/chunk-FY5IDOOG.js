// dist/run/environment.js
import { readFileSync } from "node:fs";
import os from "node:os";
var PACKAGE_JSON = new URL("../../package.json", import.meta.url);
var cachedVersion;
function packageVersion() {
  if (cachedVersion === void 0) {
    try {
      const parsed = JSON.parse(readFileSync(PACKAGE_JSON, "utf8"));
      const version = parsed?.version;
      cachedVersion = typeof version === "string" ? version : "unknown";
    } catch {
      cachedVersion = "unknown";
    }
  }
  return cachedVersion;
}
function describeEnvironment() {
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
    hostname: os.hostname()
  };
}

export {
  packageVersion,
  describeEnvironment
};
