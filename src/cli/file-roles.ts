import { ConfigError } from "../errors.js";
import { type FileIdentity, fileIdentity, sameFile } from "../util/file-identity.js";

/** A file one command reads or writes, named by what it is to that command. */
export interface FileRole {
  /** What the file is to the command, as an error names it: `the HTML report`. */
  readonly what: string;
  /** As given; undefined when the command was not given this file, which skips it. */
  readonly path: string | undefined;
  /**
   * `input`: only read; `output`: written; `both`: read and written (a durable queue).
   * Two inputs may be one file; a file that is written may be no other role's.
   */
  readonly use: "input" | "output" | "both";
}

/**
 * Refuse, before anything is written, a command whose outputs would replace one of its inputs
 * or each other: `--html` naming the queue file, `report R.json -o R.json`. Paths are compared
 * as files, after resolving symbolic links (also those to files not there yet) and by device
 * and inode, so a link or a hard link to an input is caught like the input's own name.
 * Devices and pipes (`/dev/null`, `/dev/stdout`) are never in conflict: writing to them
 * replaces nothing.
 *
 * @throws {ConfigError} naming both roles and the path(s), e.g. `the HTML report and the queue
 * file are the same file, "q.db": name another`.
 */
export function checkFileRoles(roles: readonly FileRole[]): void {
  const given: { role: FileRole; path: string; id: FileIdentity }[] = [];
  for (const role of roles) {
    if (role.path === undefined) continue;
    const id = fileIdentity(role.path);
    if (id.kind === "other") continue;
    for (const earlier of given) {
      const writes = role.use !== "input" || earlier.role.use !== "input";
      if (writes && sameFile(earlier.id, id)) throw conflict(earlier.role, earlier.path, role);
    }
    given.push({ role, path: role.path, id });
  }
}

function conflict(first: FileRole, firstPath: string, second: FileRole): ConfigError {
  const secondPath = second.path as string;
  return new ConfigError(
    firstPath === secondPath
      ? `${first.what} and ${second.what} are the same file, "${secondPath}": name another`
      : `${first.what} "${firstPath}" and ${second.what} "${secondPath}" are the same file: name another`,
  );
}
