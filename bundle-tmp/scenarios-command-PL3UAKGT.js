import {
  COMMANDS
} from "./chunk-ENW5U7JC.js";
import {
  ExitCode
} from "./chunk-AFAGSFCF.js";
import {
  SCENARIOS
} from "./chunk-QWIFIVGU.js";

// dist/report/scenario-list.js
function formatScenarioList(scenarios) {
  const width = Math.max(...scenarios.map((scenario) => scenario.name.length)) + 2;
  const blocks = scenarios.map((scenario) => {
    const settings = Object.entries(scenario.settings).filter(([, value]) => value !== void 0).map(([key, value]) => `${kebab(key)} ${settingText(value)}`);
    const indent = " ".repeat(width);
    const wrapped = wrap(settings, 100 - width).map((line) => `${indent}${line}`);
    return [`${scenario.name.padEnd(width)}${scenario.description}`, ...wrapped].join("\n");
  });
  return `${blocks.join("\n\n")}
`;
}
function kebab(key) {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
function settingText(value) {
  if (Array.isArray(value))
    return value.join(",");
  if (value !== null && typeof value === "object") {
    return Object.entries(value).map(([key, weight]) => `${key}=${String(weight)}`).join(",");
  }
  if (value === true)
    return "on";
  if (value === false)
    return "off";
  return String(value);
}
function wrap(items, width) {
  const lines = [];
  let current = "";
  for (const item of items) {
    const next = current === "" ? item : `${current} \xB7 ${item}`;
    if (next.length > width && current !== "") {
      lines.push(current);
      current = item;
    } else {
      current = next;
    }
  }
  if (current !== "")
    lines.push(current);
  return lines;
}

// dist/cli/scenarios-command.js
function registerScenariosCommand(program, done, io) {
  program.command("scenarios").description(COMMANDS.scenarios.description).option("--json", "print the scenarios as JSON").action((options) => done(scenariosCommand(options, io)));
}
function scenariosCommand(options, io) {
  io.stdout.write(options.json ? `${JSON.stringify(SCENARIOS, null, 2)}
` : formatScenarioList(SCENARIOS));
  return ExitCode.Ok;
}
export {
  registerScenariosCommand,
  scenariosCommand
};
