import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiReport, generateApiReport } from "../scripts/api-report/generate.js";
import { REPORT_FILE } from "../scripts/api-report/project.js";

// That the committed report is what the code gives, and that every export has a TSDoc comment,
// `npm run lint` checks (scripts/api-report.ts --check): a static check of the whole project,
// like the type check beside it. Here, what the committed report says.
describe("api/swarm-stress.api.md", () => {
  it("exports none of the internals", () => {
    const committed = readFileSync(REPORT_FILE, "utf8");
    const exported = [...committed.matchAll(/^### `([^`]+)` \((?!.*, src\/)/gm)].map(
      (match) => match[1],
    );
    for (const internal of [
      "Chaos",
      "CHAOS_WINDOW",
      "createRandom",
      "createSampler",
      "LatencyHistogram",
      "Recorder",
      "RunSettingsSchema",
      "MessageGenerator",
    ]) {
      expect(exported).not.toContain(internal);
    }
    expect(exported).toContain("StressTestRunner");
  });
});

/** A throwaway project: the report of its `entry.ts` after each edit. */
class Fixture {
  readonly root = mkdtempSync(join(tmpdir(), "api-report-"));

  write(files: Readonly<Record<string, string>>): this {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(this.root, name), text);
    return this;
  }

  report(): ApiReport {
    return generateApiReport({
      entry: join(this.root, "entry.ts"),
      root: this.root,
      compilerOptions: {
        strict: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        // No DOM: its declarations are large and a fixture names none of them.
        lib: ["lib.es2022.d.ts"],
        types: [],
      },
      title: "fixture",
    });
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

const ENTRY = `export { greet, type Greeting, count } from "./greet.js";\n`;

const GREET = `
/** A greeting and how it is said. */
export interface Greeting {
  readonly text: string;
  readonly tone: Tone;
}

/** Not exported by the entry, but a user meets it through Greeting. */
export interface Tone {
  readonly loud: boolean;
}

/** Greet someone. */
export function greet(name: string): Greeting {
  return { text: \`hello \${name}\`, tone: { loud: false } };
}

/** How many there are; its type is left to inference. */
export function count() {
  return 1;
}
`;

describe("the API report generator", () => {
  const fixture = new Fixture();
  afterAll(() => fixture.remove());
  const edited = (from: string, to: string): string => {
    expect(GREET).toContain(from);
    return fixture.write({ "entry.ts": ENTRY, "greet.ts": GREET.replace(from, to) }).report().text;
  };
  let base: string;
  beforeAll(() => {
    base = fixture.write({ "entry.ts": ENTRY, "greet.ts": GREET }).report().text;
  });

  it("lists every export with its kind and signature, sorted, then what they name", () => {
    expect(base).toContain("### `Greeting` (interface)");
    expect(base).toContain("function greet(name: string): Greeting;");
    expect(base).toContain("function count(): number;");
    expect(base).toContain("### `Tone` (interface, greet.ts)");
    expect(base.indexOf("`Greeting`")).toBeLessThan(base.indexOf("`count`"));
    expect(base.indexOf("`count`")).toBeLessThan(base.indexOf("`greet`"));
    expect(base).not.toContain(fixture.root);
  });

  it("is the same for the same code", () => {
    expect(fixture.report().text).toBe(base);
  });

  it("changes when a parameter changes", () => {
    const text = edited("greet(name: string)", "greet(name: string, times?: number)");
    expect(text).not.toBe(base);
    expect(text).toContain("function greet(name: string, times?: number): Greeting;");
  });

  it("changes when an inferred return type changes", () => {
    expect(edited("return 1;", 'return "1";')).toContain("function count(): string;");
  });

  it("changes when a member of an exported interface changes", () => {
    expect(edited("readonly text: string;", "readonly text?: string;")).not.toBe(base);
  });

  it("changes when a type the exports name without exporting it changes", () => {
    expect(edited("readonly loud: boolean;", "readonly loud: number;")).toContain(
      "readonly loud: number;",
    );
  });

  it("does not change for comments or layout", () => {
    const text = edited(
      "export function greet(name: string): Greeting {",
      "// says hello\nexport function greet(\n  name: string,\n): Greeting {",
    );
    expect(text).toBe(base);
  });

  it("tells which exports have no TSDoc comment", () => {
    fixture.write({ "entry.ts": ENTRY, "greet.ts": GREET.replace("/** Greet someone. */", "") });
    expect(fixture.report().undocumented).toEqual(["greet"]);
  });

  it("refuses an entry that does not compile", () => {
    fixture.write({
      "entry.ts": `${ENTRY}export { gone } from "./greet.js";\n`,
      "greet.ts": GREET,
    });
    expect(() => fixture.report()).toThrow(/gone/);
  });
});
