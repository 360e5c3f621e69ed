import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/util/file-identity.js
import { lstatSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
var MAX_LINKS = 40;
function fileIdentity(path) {
  const canonical = canonicalPath(resolve(path), 0);
  let stats;
  try {
    stats = statSync(canonical, { bigint: true });
  } catch {
    return { canonical, kind: "missing" };
  }
  return {
    canonical,
    inode: { dev: stats.dev, ino: stats.ino },
    kind: stats.isFile() ? "file" : "other"
  };
}
function sameFile(a, b) {
  if (a.canonical === b.canonical)
    return true;
  return a.inode !== void 0 && b.inode !== void 0 && a.inode.dev === b.inode.dev && a.inode.ino === b.inode.ino;
}
function canonicalPath(absolute, links) {
  try {
    return realpathSync(absolute);
  } catch {
  }
  if (links < MAX_LINKS && isLink(absolute)) {
    try {
      return canonicalPath(resolve(dirname(absolute), readlinkSync(absolute)), links + 1);
    } catch {
    }
  }
  const parent = dirname(absolute);
  if (parent === absolute)
    return absolute;
  return join(canonicalPath(parent, links), basename(absolute));
}
function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

// dist/cli/file-roles.js
function checkFileRoles(roles) {
  const given = [];
  for (const role of roles) {
    if (role.path === void 0)
      continue;
    const id = fileIdentity(role.path);
    if (id.kind === "other")
      continue;
    for (const earlier of given) {
      const writes = role.use !== "input" || earlier.role.use !== "input";
      if (writes && sameFile(earlier.id, id))
        throw conflict(earlier.role, earlier.path, role);
    }
    given.push({ role, path: role.path, id });
  }
}
function conflict(first, firstPath, second) {
  const secondPath = second.path;
  return new ConfigError(firstPath === secondPath ? `${first.what} and ${second.what} are the same file, "${secondPath}": name another` : `${first.what} "${firstPath}" and ${second.what} "${secondPath}" are the same file: name another`);
}

export {
  fileIdentity,
  sameFile,
  checkFileRoles
};
