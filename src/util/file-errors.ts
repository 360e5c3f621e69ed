/**
 * What a file system error says, in a few words that follow a file's name in an error line,
 * for the codes reading and writing share; undefined for others, which the caller words.
 */
export function fileErrorReason(error: unknown): string | undefined {
  switch ((error as NodeJS.ErrnoException).code) {
    case "EISDIR":
      return "it is a directory";
    case "ENOTDIR":
      return "a parent of it is not a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ELOOP":
      return "too many symbolic links";
    case "EROFS":
      return "read-only file system";
    case "ENOSPC":
      return "no space left on the device";
    case "EDQUOT":
      return "disk quota exceeded";
    case "EIO":
      return "an I/O error";
    default:
      return undefined;
  }
}

/**
 * True for the errors of a file's surroundings rather than of the path given: a disk that is
 * full or failing, a file system mounted read-only. They are the environment's fault (exit 3),
 * not the input's (exit 2).
 */
export function isEnvironmentFault(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOSPC" || code === "EDQUOT" || code === "EIO" || code === "EROFS";
}
