// dist/util/make-directories.js
import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
async function makeDirectories(path) {
  const missing = [];
  let dir = resolve(path);
  for (; ; ) {
    const existing = await stat(dir).catch(() => void 0);
    if (existing)
      break;
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir)
      break;
    dir = parent;
  }
  for (const level of missing.reverse()) {
    try {
      await mkdir(level);
    } catch (error) {
      if (error.code !== "EEXIST")
        throw error;
    }
  }
}

export {
  makeDirectories
};
