/**
 * Where a worker of a distributed run stands, as its coordinator knows it: `joined` before its
 * first report, `running` once it reports, `finished` once its final report is in, `lost` while
 * it has stopped beating without one (it may still come back).
 */
export type LiveWorkerState = "joined" | "running" | "finished" | "lost";

/** One worker of a distributed run while the run goes on: what it has reported so far. */
export interface LiveWorker {
  readonly id: string;
  readonly host: string;
  readonly state: LiveWorkerState;
  /** Reports received from it so far (one a second while it runs). */
  readonly reports: number;
  /** Its own counts so far, as reported (a message settled twice counts in both workers). */
  readonly delivered: number;
  readonly deadLettered: number;
  /** Failed delivery attempts. */
  readonly failed: number;
}
