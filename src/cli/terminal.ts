import type { TextStream } from "./io.js";

/** Colours only for a person at a terminal, and never against https://no-color.org. */
export function useColor(stream: TextStream, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}
