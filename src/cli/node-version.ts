/** The oldest Node.js the project runs on (package.json `engines`). */
export const REQUIRED_NODE = "22.15.0";

/**
 * Why Node.js `version` (as `process.versions.node` gives it) cannot run swarm-stress, in one
 * line; undefined when it can.
 */
export function unsupportedNode(version: string): string | undefined {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const [needMajor = 0, needMinor = 0] = REQUIRED_NODE.split(".").map(Number);
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return `needs Node.js ${REQUIRED_NODE} or newer, this is ${version}: install Node.js 24 (see the README)`;
}
