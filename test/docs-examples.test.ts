import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfigFile } from "../src/cli/config-file.js";
import { resolveConfig } from "../src/run/resolve-config.js";
import { thresholdsFor } from "../src/thresholds/check-scope.js";
import { ROOT } from "./support/built-cli.js";
import { cli } from "./support/cli-in-process.js";

/** The pages people copy commands from. */
const PAGES = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** Commands with commands of their own: `queue inspect`, `agents serve`. */
const GROUPS = new Set(["queue", "agents"]);

/** The fenced code blocks of `markdown`: their language (maybe empty) and text. */
function codeBlocks(markdown: string): { readonly language: string; readonly text: string }[] {
  return [...markdown.matchAll(/```([^\n]*)\n([\s\S]*?)```/g)].map((match) => ({
    language: match[1] ?? "",
    text: match[2] ?? "",
  }));
}

const pageText = (page: string): string => readFileSync(join(ROOT, page), "utf8");

/** One `swarm-stress ...` command as a page shows it. */
interface DocumentedCommand {
  readonly page: string;
  /** The command's words, e.g. `run` or `queue purge`. */
  readonly command: string;
  readonly flags: readonly string[];
  readonly text: string;
}

/**
 * Every command in the pages' code (fenced blocks, a line continued with `\` joined to the next,
 * and inline code), with the long flags it uses. Prose that names the tool is left out: only a
 * word that is a command counts.
 */
function documentedCommands(commands: ReadonlySet<string>): DocumentedCommand[] {
  const found: DocumentedCommand[] = [];
  for (const page of PAGES) {
    const markdown = pageText(page);
    const blocks = codeBlocks(markdown).flatMap(({ text }) =>
      text.replace(/\\\n\s*/g, " ").split("\n"),
    );
    const inline = [...markdown.replace(/```[\s\S]*?```/g, "").matchAll(/`([^`\n]+)`/g)].map(
      (match) => match[1] ?? "",
    );
    for (const text of [...blocks, ...inline]) {
      const words = /(?:^|[\s$(])(?:npx )?swarm-stress ([a-z]+)(?: ([a-z]+))?(.*)/.exec(text);
      if (words === null) continue;
      const [, first = "", second = "", rest = ""] = words;
      if (!commands.has(first)) continue;
      const group = GROUPS.has(first);
      const command = group ? `${first} ${second}` : first;
      const args = group ? rest : `${second} ${rest}`;
      const flags = args.match(/(?<=^|\s)--[a-z0-9-]+/g) ?? [];
      found.push({ page, command, flags, text: text.trim() });
    }
  }
  return found;
}

/** The long flags a command's `--help` lists. */
async function flagsOf(command: string): Promise<Set<string>> {
  const help = await cli([...command.split(" "), "--help"], ROOT);
  expect(help.status, `swarm-stress ${command} --help: ${help.stderr}`).toBe(0);
  return new Set(help.stdout.match(/--[a-z0-9-]+/g) ?? []);
}

describe("the commands the README and docs/ show", () => {
  it("name commands there are, with flags each command takes", async () => {
    const top = await cli(["--help"], ROOT);
    const commands = new Set(
      [...top.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((match) => match[1] ?? ""),
    );
    expect(commands).toContain("run");
    const documented = documentedCommands(commands);
    // The pages show dozens: a parser that found none would pass anything.
    expect(documented.length).toBeGreaterThan(30);
    const known = new Map<string, Set<string>>();
    const unknown: string[] = [];
    for (const { page, command, flags, text } of documented) {
      if (!known.has(command)) known.set(command, await flagsOf(command));
      for (const flag of flags) {
        if (!known.get(command)?.has(flag)) unknown.push(`${page}: ${flag} in ${text}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});

describe("the config files the docs show", () => {
  // Every YAML example is a config file; a JSON one is when it names the schema.
  const examples = PAGES.flatMap((page) =>
    codeBlocks(pageText(page))
      .filter(
        ({ language, text }) =>
          language === "yaml" || (language === "json" && text.includes("schema.json")),
      )
      .map(({ language, text }, i) => ({ name: `${page} #${i + 1}`, language, text })),
  );

  it("are there to check", () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  it.each(examples)(
    "$name is read, resolved and its thresholds fit its run",
    ({ language, text }) => {
      const dir = mkdtempSync(join(tmpdir(), "swarm-docs-config-"));
      try {
        const file = join(dir, `example.${language}`);
        writeFileSync(file, text);
        const config = resolveConfig(loadConfigFile(file), file);
        expect(thresholdsFor(config)).toHaveLength(config.thresholds?.length ?? 0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
