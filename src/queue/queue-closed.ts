/**
 * A call reached a queue driver after `close()`, or a producer was still waiting for space
 * when the queue closed. Every driver throws this so callers can tell shutdown from failure.
 */
export class QueueClosedError extends Error {
  override readonly name = "QueueClosedError";

  /** @param driver the driver's `name`, shown in the message. */
  constructor(driver: string) {
    super(`queue driver "${driver}" is closed`);
  }
}
