import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/**
 * `mkdir -p`, one level at a time. Node 20's `mkdir(..., { recursive: true })` never returns
 * for a path under a pseudo file system such as /proc; creating each missing level on its own
 * fails there at once (ENOENT), as it should.
 */
export async function makeDirectories(path: string): Promise<void> {
  const missing: string[] = [];
  let dir = resolve(path);
  for (;;) {
    const existing = await stat(dir).catch(() => undefined);
    if (existing) break;
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const level of missing.reverse()) {
    try {
      await mkdir(level);
    } catch (error) {
      // Another process may have made it in the meantime.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}
