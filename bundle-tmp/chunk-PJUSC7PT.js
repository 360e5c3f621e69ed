// dist/util/file-errors.js
function fileErrorReason(error) {
  switch (error.code) {
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
      return void 0;
  }
}
function isEnvironmentFault(error) {
  const code = error.code;
  return code === "ENOSPC" || code === "EDQUOT" || code === "EIO" || code === "EROFS";
}

export {
  fileErrorReason,
  isEnvironmentFault
};
