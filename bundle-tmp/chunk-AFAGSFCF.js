// dist/cli/exit-codes.js
var ExitCode = {
  /** The run finished and its audit balanced (or the command did not run anything). */
  Ok: 0,
  /** The run finished but its audit failed: messages were lost or counted twice. */
  AuditFailed: 1,
  /** The run finished but a threshold failed (or stopped it with `--abort-on-fail`). */
  ThresholdFailed: 1,
  /** `compare --fail-on-worse` found a figure worse than the base's beyond the tolerance. */
  Worse: 1,
  /** `capacity --min-rate` found no sustained rate that high. */
  BelowMinRate: 1,
  /** Bad usage or configuration: unknown flag, bad value, invalid config file. */
  Usage: 2,
  /** The run could not start or go on: a core module did not load, an internal error. */
  Runtime: 3,
  /**
   * The run stopped on a fault of its environment (a broker gone, a disk full, a core that
   * called `process.exit`): its partial result is saved. Same value as {@link ExitCode.Runtime}.
   */
  Fault: 3,
  /** Interrupted with Ctrl-C (128 + SIGINT), following the shell convention. */
  Interrupted: 130,
  /** Stopped by SIGTERM (128 + 15), a service manager or `kill`; the partial result is saved. */
  Terminated: 143,
  /** Stopped by SIGHUP (128 + 1), its terminal gone; the partial result is saved. */
  HungUp: 129
};

export {
  ExitCode
};
