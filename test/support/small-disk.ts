/**
 * Disks that fill and file systems that turn read-only, for tests of environment faults: a
 * tmpfs of a given size mounted on a directory of the test's own. Mounting needs root (or
 * CAP_SYS_ADMIN), which CI has; elsewhere the tests that need it skip, and say so loudly.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A mounted tmpfs; `readOnly()` remounts it read-only, `unmount()` removes it. */
export interface SmallDisk {
  readonly path: string;
  readOnly(): void;
  unmount(): void;
}

/** Mount a tmpfs of `sizeKB` on a fresh directory. */
export function mountSmallDisk(sizeKB: number): SmallDisk {
  const path = mkdtempSync(join(tmpdir(), "swarm-disk-"));
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${sizeKB}k`, "tmpfs", path]);
  return {
    path,
    readOnly: () => execFileSync("mount", ["-o", "remount,ro", path]),
    unmount: () => {
      execFileSync("umount", ["-l", path]);
      rmSync(path, { recursive: true, force: true });
    },
  };
}

function probe(): boolean {
  try {
    mountSmallDisk(64).unmount();
    return true;
  } catch {
    return false;
  }
}

/** True when this process may mount a tmpfs; when not, a warning says which tests skip. */
export const canMountDisks: boolean = probe();

if (!canMountDisks) {
  console.warn(
    "\n!!! SKIPPING the full-disk and read-only file system tests: mounting a tmpfs needs root.\n" +
      "!!! Run the tests as root (CI does) to include them.\n",
  );
}
