/**
 * Bundles, into dist/vendor/, of dependencies whose many small CommonJS modules cost a process
 * more to find, read and compile one by one than their code costs to run: node-redis's client
 * class is some 400 modules, ~75 ms of CPU less in one file for every process that talks to
 * Redis (each worker of a run among them). Made by both builds (`npm run build` after `tsc`, and
 * `npm test`'s); src/queue/redis/client-module.ts loads the bundle, or the package's own
 * modules when there is none (a run of src/ through tsx).
 *
 * `tsx scripts/vendor-bundles.ts` makes them into dist/.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { REDIS_CLIENT_PARTS } from "../src/queue/redis/client-parts.js";

const root = resolve(import.meta.dirname, "..");

/** The parts of node-redis that src/queue/redis/client-module.ts takes, as one module's exports. */
const REDIS_CLIENT_ENTRY = `module.exports = {\n${Object.entries(REDIS_CLIENT_PARTS)
  .map(
    ([name, [module, exported]]) => `  ${name}: require(${JSON.stringify(module)}).${exported},\n`,
  )
  .join("")}};`;

/** Make every bundle into `outdir`/vendor/. */
export async function bundleVendored(outdir: string): Promise<void> {
  const manifest = createRequire(join(root, "package.json")).resolve("@redis/client/package.json");
  const { version, license } = JSON.parse(readFileSync(manifest, "utf8")) as {
    version: string;
    license: string;
  };
  await build({
    absWorkingDir: root,
    stdin: { contents: REDIS_CLIENT_ENTRY, resolveDir: root, sourcefile: "redis-client.cjs" },
    outfile: join(outdir, "vendor", "redis-client.cjs"),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "es2022",
    legalComments: "inline",
    banner: {
      js: `// @redis/client ${version} (${license} licence, https://github.com/redis/node-redis), bundled by scripts/vendor-bundles.ts.`,
    },
    logLevel: "warning",
  });
}

if (import.meta.main) await bundleVendored(join(root, "dist"));
