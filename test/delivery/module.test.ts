import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCoreModule } from "../../src/delivery/module.js";
import { RuntimeError } from "../../src/errors.js";

const dir = mkdtempSync(join(tmpdir(), "swarm-core-"));
const write = (name: string, source: string): string => {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
};
const context = { agents: ["Agent-1", "Agent-2"], seed: 1 };

describe("loadCoreModule", () => {
  it("loads a createCore factory and passes it the context", async () => {
    const path = write(
      "factory.mjs",
      `export function createCore(ctx) { return { name: "f" + ctx.agents.length, deliver: () => ({ status: "delivered" }) }; }`,
    );
    const core = await loadCoreModule(path, context);
    expect(core.name).toBe("f2");
    expect(await core.deliver({} as never, "Agent-2")).toEqual({ status: "delivered" });
  });

  it("loads a default export object with deliver", async () => {
    const path = write(
      "object.mjs",
      `export default { deliver: async () => ({ status: "timed_out" }) };`,
    );
    const core = await loadCoreModule(path, context);
    expect(await core.deliver({} as never, "Agent-1")).toEqual({ status: "timed_out" });
  });

  it("loads a default export factory, async too", async () => {
    const path = write(
      "async.mjs",
      `export default async () => ({ deliver: () => ({ status: "delivered" }) });`,
    );
    await expect(loadCoreModule(path, context)).resolves.toHaveProperty("deliver");
  });

  it("names a missing module in one line", async () => {
    const error = await loadCoreModule(join(dir, "missing.js"), context).catch((e) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error.message).toMatch(/missing\.js not found/);
    expect(error.message).not.toContain("\n");
  });

  it("explains a module that exports no core", async () => {
    const path = write("empty.mjs", "export const answer = 42;");
    await expect(loadCoreModule(path, context)).rejects.toThrow(/does not export a delivery core/);
  });

  it("reports a module that throws while loading", async () => {
    const path = write("broken.mjs", `throw new Error("boom\\nsecond line");`);
    const error = await loadCoreModule(path, context).catch((e) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error.message).toMatch(/could not be loaded: boom$/);
  });

  it("reports a syntax error", async () => {
    const path = write("syntax.mjs", "export default {");
    await expect(loadCoreModule(path, context)).rejects.toThrow(/could not be loaded/);
  });

  it("reports a factory that throws", async () => {
    const path = write("throws.mjs", `export function createCore() { throw new Error("no db"); }`);
    await expect(loadCoreModule(path, context)).rejects.toThrow(/factory failed: no db/);
  });
});
