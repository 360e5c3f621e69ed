import type { RunConfig } from "../config/run-settings.js";
import type { Recorder } from "../metrics/recorder.js";
import type { SettledRecord } from "../model/settled-record.js";
import type { SettledElsewhere } from "../processor/processor.js";
import type { QueueFileClaim } from "../queue/sqlite/owner.js";
import { DurableRunState } from "../queue/sqlite/run-state.js";
import type { MessageGenerator } from "../workload/generator.js";
import { leasedWhenStopped, type ResumeNotes, resumeFrom } from "./resume.js";

/**
 * A run on a durable queue file (`sqlite:PATH`): the file held for this run alone, and what the
 * run keeps in it (its configuration, what the producer handed over, every final outcome) so
 * that it can be resumed.
 */
export class DurableRun {
  private state: DurableRunState | undefined;

  private constructor(
    private readonly path: string,
    private readonly claim: QueueFileClaim,
    private readonly resuming: boolean,
    /** For a resumed run: messages that were leased when the earlier part stopped. */
    private readonly leasedAtResume: number,
  ) {}

  /**
   * Take the file at `path` for this run: an existing one to resume, or a new or empty one.
   * Call it before anything looks at the file: a second run on it would wipe or resume this
   * run's state, and both would lose messages.
   */
  static async claim(path: string, resume: boolean): Promise<DurableRun> {
    const { QueueFileClaim } = await import("../queue/sqlite/owner.js");
    const claim = QueueFileClaim.take(path, "run", resume ? "existing" : "create");
    try {
      return new DurableRun(path, claim, resume, resume ? leasedWhenStopped(path) : 0);
    } catch (error) {
      claim.release();
      throw error;
    }
  }

  /** Open the run state once the queue is open: begun afresh, or kept for the resume. */
  openState(config: RunConfig): void {
    this.state = DurableRunState.open(this.path);
    if (!this.resuming) this.state.start(config);
  }

  /**
   * For a resumed run, bring the generator and the recorder to where the earlier part left
   * off; returns lines for the result's warnings. A fresh run has nothing to catch up on.
   */
  catchUp(
    generator: MessageGenerator,
    recorder: Recorder,
    notes: Omit<ResumeNotes, "leasedWhenStopped">,
  ): string[] {
    if (!this.resuming) return [];
    const state = this.openedState();
    const handedOver = state.handedOver();
    // Saved at once, so that a crash before the producer's next chunk resumes from here too.
    state.setGenerated(handedOver);
    const point = {
      handedOver,
      outcomes: state.outcomes(),
      requeuedDeadLetters: state.takeRequeuedDeadLetters(),
    };
    return resumeFrom(point, generator, recorder, {
      ...notes,
      leasedWhenStopped: this.leasedAtResume,
    });
  }

  /** Keeps a batch's final outcomes; the processor calls it before the queue is told. */
  readonly keepOutcomes = (records: SettledRecord[]): SettledElsewhere => {
    this.openedState().recordOutcomes(records);
    // Only this process settles this run's messages.
    return undefined;
  };

  /** Keeps the producer's count once the queue has taken a chunk. */
  readonly keepHandedOver = (nextSeq: number): void => {
    this.openedState().setGenerated(nextSeq);
  };

  /** Close the run state; the file stays held until {@link release}. */
  closeState(): void {
    this.state?.close();
  }

  /** Let another run take the file. */
  release(): void {
    this.claim.release();
  }

  private openedState(): DurableRunState {
    if (this.state === undefined) throw new Error("the run state is used before it is open");
    return this.state;
  }
}
