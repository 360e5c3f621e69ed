import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
    const markdown = readFileSync(join(ROOT, page), "utf8");
    const blocks = [...markdown.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].flatMap((match) =>
      (match[1] ?? "").replace(/\\\n\s*/g, " ").split("\n"),
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
