import { type BigIntStats, lstatSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/** Symbolic links followed by hand before giving up, as the kernel's own limit (ELOOP). */
const MAX_LINKS = 40;

/**
 * What a path refers to, so that two paths can be compared as files rather than as text:
 * `./a`, a symbolic link to `a`, and a hard link to `a` are all the same file.
 */
export interface FileIdentity {
  /** Absolute path with every symbolic link resolved, also for a file not there yet. */
  readonly canonical: string;
  /** Device and inode of an existing file (hard links share them); absent when missing. */
  readonly inode?: { readonly dev: bigint; readonly ino: bigint };
  /** `file`: a regular file; `missing`: nothing there yet; `other`: a directory, device, FIFO... */
  readonly kind: "file" | "missing" | "other";
}

/** The identity of `path` (relative to the working directory). Never throws. */
export function fileIdentity(path: string): FileIdentity {
  const canonical = canonicalPath(resolve(path), 0);
  let stats: BigIntStats;
  try {
    stats = statSync(canonical, { bigint: true });
  } catch {
    return { canonical, kind: "missing" };
  }
  return {
    canonical,
    inode: { dev: stats.dev, ino: stats.ino },
    kind: stats.isFile() ? "file" : "other",
  };
}

/** Whether two identities are one file: the same resolved path, or the same device and inode. */
export function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  if (a.canonical === b.canonical) return true;
  return (
    a.inode !== undefined &&
    b.inode !== undefined &&
    a.inode.dev === b.inode.dev &&
    a.inode.ino === b.inode.ino
  );
}

/**
 * `realpath` of an existing path. For one not there yet: the link it is, followed by hand (a
 * dangling link is where a write would create the file), else the canonical path of its
 * parent plus its own name.
 */
function canonicalPath(absolute: string, links: number): string {
  try {
    return realpathSync(absolute);
  } catch {
    // Not there, a dangling link, or a loop: worked out below.
  }
  if (links < MAX_LINKS && isLink(absolute)) {
    try {
      return canonicalPath(resolve(dirname(absolute), readlinkSync(absolute)), links + 1);
    } catch {
      // Unreadable link: fall back to the parent.
    }
  }
  const parent = dirname(absolute);
  if (parent === absolute) return absolute;
  return join(canonicalPath(parent, links), basename(absolute));
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
