/**
 * Bad input from the user: flags, config files, settings passed to the library. The CLI prints
 * the message as one line and exits 2.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** The first line of an error's message: the CLI prints one line, never a stack. */
export { firstLine } from "./util/first-line.js";

/**
 * The run could not start or go on for a reason outside the input's shape, such as a core
 * module that does not load. The CLI prints the message as one line and exits 3.
 */
export class RuntimeError extends Error {
  override readonly name = "RuntimeError";
}
