import { readSavedConfig } from "../../src/queue/sqlite/run-state.js";

/**
 * Whether the queue file at `path` holds a run that `--resume` can continue. A run killed
 * after its file appeared but before it saved its state holds none: it is started afresh.
 */
export function hasRunState(path: string): boolean {
  try {
    readSavedConfig(path);
    return true;
  } catch {
    return false;
  }
}
