import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { inlineScript, inlineStyle } from "./escape.js";

/** The chart library's code and stylesheet, ready to inline into a page. */
export interface ChartLibrary {
  readonly script: string;
  readonly css: string;
}

let cached: ChartLibrary | undefined;

/**
 * uPlot, read from the installed package. Resolved through Node's module lookup rather than a
 * path relative to this file, so it is found from `src/` (tsx, vitest) and from `dist/` alike.
 * Inlined rather than linked because the report must open offline and under a CSP that forbids
 * every fetch.
 */
export function chartLibrary(): ChartLibrary {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const read = (file: string): string =>
      readFileSync(require.resolve(`uplot/dist/${file}`), "utf8");
    cached = {
      script: inlineScript(read("uPlot.iife.min.js")),
      css: inlineStyle(read("uPlot.min.css")),
    };
  }
  return cached;
}
