import { MAX_TIMER_MS } from "../util/timer-limit.js";

/**
 * One timer for the earliest moment something becomes ready without an enqueue (a retry coming
 * due, a lease expiring) while long polls wait: armed for a later moment it stays, armed for an
 * earlier one it moves. Unref'd: each waiting call's own timer keeps the process alive.
 */
export class WakeTimer {
  private timer: NodeJS.Timeout | undefined;
  private at = Number.POSITIVE_INFINITY;

  constructor(private readonly fire: () => void) {}

  /** Fire at `due` (epoch ms, as `now`), unless already set to fire by then; Infinity: never. */
  arm(due: number, now: number): void {
    if (due === Number.POSITIVE_INFINITY) {
      this.disarm();
      return;
    }
    if (this.timer !== undefined && this.at <= due) return;
    this.disarm();
    this.at = due;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.at = Number.POSITIVE_INFINITY;
        this.fire();
      },
      Math.min(MAX_TIMER_MS, Math.max(0, due - now)),
    );
    this.timer.unref();
  }

  disarm(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.at = Number.POSITIVE_INFINITY;
  }
}
