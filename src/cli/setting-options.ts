import { Option } from "@commander-js/extra-typings";
import { runSettingsSchema } from "../config/run-settings.js";
import { DEFAULT_SETTINGS } from "../config/scenarios.js";
import { collect } from "./flag-values.js";
import { flagName, SETTING_FLAGS, type SettingFlag, type SettingKey } from "./flags.js";

/**
 * The commander options of every setting of `swarm-stress run` but those `except` names, in
 * the order of {@link SETTING_FLAGS}. None has a commander default: a flag not given must leave the setting
 * to the config file, the scenario and the defaults, so the help only names the default.
 */
export function settingOptions(except: readonly SettingKey[] = []): Option[] {
  const table = Object.entries(SETTING_FLAGS) as [SettingKey, SettingFlag][];
  return table
    .filter(([key]) => !except.includes(key))
    .flatMap(([key, flag]) => optionsOf(flagName(key), helpLine(key, flag), flag));
}

/** The option (or, for a switch with a negation, the two options) of one setting's flag. */
function optionsOf(name: string, help: string, flag: SettingFlag): Option[] {
  switch (flag.kind) {
    case "value": {
      const short = flag.short === undefined ? "" : `${flag.short}, `;
      return [new Option(`${short}${name} <${flag.arg}>`, help)];
    }
    case "list":
      return [new Option(`${name} <${flag.arg}>`, help).argParser(collect)];
    case "switch":
      return flag.negation === undefined
        ? [new Option(name, help)]
        : [new Option(name, help), new Option(`--no-${name.slice(2)}`, flag.negation)];
  }
}

/** The flag's help: its own, or the setting's description, then the default if there is one. */
function helpLine(key: SettingKey, flag: SettingFlag): string {
  const described = flag.help ?? runSettingsSchema().shape[key].description ?? key;
  const shown = flag.kind === "value" ? defaultText(key, flag.defaultText) : "";
  return `${described}${shown}`;
}

/** ` (default 9)`, ` (default: random)` when the table says so, or nothing for a list or map. */
function defaultText(key: SettingKey, text: string | undefined): string {
  if (text !== undefined) return ` (default: ${text})`;
  const value: unknown = Object.hasOwn(DEFAULT_SETTINGS, key)
    ? DEFAULT_SETTINGS[key as keyof typeof DEFAULT_SETTINGS]
    : undefined;
  return typeof value === "string" || typeof value === "number" ? ` (default ${value})` : "";
}
