/**
 * `npm test`'s build: src/ compiled to the JavaScript the tests that spawn the CLI run
 * (dist/cli/main.js) and that test/index.test.ts loads (dist/index.js), one file per source file
 * as `tsc` lays them out, with source maps, and the bundles of scripts/vendor-bundles.ts.
 *
 * esbuild only strips types (in well under a second, where `tsc` took 12-15 s of CPU at the head
 * of every `npm test`); checking the types is `npm run lint`'s part (`tsc --noEmit` over src,
 * tests, benchmarks and scripts), which CI runs before the tests. `npm run build` stays `tsc`:
 * the package people install also carries the declarations, and `prepack` makes it.
 */
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { bundleVendored } from "./vendor-bundles.js";

const root = resolve(import.meta.dirname, "..");
const outdir = join(root, "dist");

// Nothing left over from an older layout: a stale module there would still load.
rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ["src/**/*.ts"],
  outdir,
  outbase: "src",
  format: "esm",
  platform: "node",
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
});
await bundleVendored(outdir);
