/** The settings held in milliseconds, which reports show with a unit rather than as a count. */
export const DURATION_SETTINGS: ReadonlySet<string> = new Set([
  "interval",
  "retryBaseDelay",
  "retryMaxDelay",
  "timeout",
  "initTimeout",
  "closeTimeout",
  "visibilityTimeout",
  "heartbeat",
]);
