import type { ProcessorTimes } from "./times.js";

/** What a consumer asks of the run it serves. */
export interface ConsumerControl {
  /** True once the producer has handed over its last message. */
  readonly producerDone: () => boolean;
  /** True once the run should stop early (it stops at a batch boundary). */
  readonly stopRequested: () => boolean;
}

/**
 * The side of a run that empties the queue: the processor delivering in this process, or, in a
 * distributed run, the coordinator's worker pool standing in for it. The runner drives either
 * through this contract alone.
 */
export interface Consumer {
  /**
   * Consume until the producer is done and the queue is empty, or a stop is requested. It may
   * end sooner when nobody is left to consume (every worker of a distributed run gone); the run
   * then stops its producer too.
   */
  run(control: ConsumerControl): Promise<void>;
  /** Where the processing time went so far (up to the end of processing, once it ended). */
  readonly times: ProcessorTimes;
}
