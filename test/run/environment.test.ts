import { readFileSync } from "node:fs";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { describeEnvironment } from "../../src/run/environment.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

describe("describeEnvironment", () => {
  it("reports the package version from package.json", () => {
    expect(describeEnvironment().swarmStress).toBe(pkg.version);
  });

  it("describes the runtime and the machine", () => {
    const env = describeEnvironment();
    expect(env.node).toBe(process.version);
    expect(env.platform).toBe(process.platform);
    expect(env.arch).toBe(process.arch);
    expect(env.cpus).toBeGreaterThanOrEqual(1);
    expect(env.cpuModel.length).toBeGreaterThan(0);
    expect(env.totalMemoryMB).toBe(Math.round(os.totalmem() / 1024 / 1024));
    expect(env.hostname).toBe(os.hostname());
  });

  it("is plain JSON", () => {
    const env = describeEnvironment();
    expect(JSON.parse(JSON.stringify(env))).toEqual(env);
  });
});
