import type { Scenario } from "../config/scenarios.js";

// Apart from the run summary (console.ts): `swarm-stress scenarios` loads this and nothing of
// the report stack.

/**
 * Render the built-in scenarios for `swarm-stress scenarios`: each name, its one-line
 * description and its settings written as the flags that would set them.
 */
export function formatScenarioList(scenarios: readonly Scenario[]): string {
  const width = Math.max(...scenarios.map((scenario) => scenario.name.length)) + 2;
  const blocks = scenarios.map((scenario) => {
    const settings = Object.entries(scenario.settings)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${kebab(key)} ${settingText(value)}`);
    const indent = " ".repeat(width);
    const wrapped = wrap(settings, 100 - width).map((line) => `${indent}${line}`);
    return [`${scenario.name.padEnd(width)}${scenario.description}`, ...wrapped].join("\n");
  });
  return `${blocks.join("\n\n")}\n`;
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

function settingText(value: unknown): string {
  if (Array.isArray(value)) return value.join(",");
  if (value !== null && typeof value === "object") {
    return Object.entries(value)
      .map(([key, weight]) => `${key}=${String(weight)}`)
      .join(",");
  }
  if (value === true) return "on";
  if (value === false) return "off";
  return String(value);
}

/** Join `items` with " · " into lines of at most `width` characters. */
function wrap(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const item of items) {
    const next = current === "" ? item : `${current} · ${item}`;
    if (next.length > width && current !== "") {
      lines.push(current);
      current = item;
    } else {
      current = next;
    }
  }
  if (current !== "") lines.push(current);
  return lines;
}
