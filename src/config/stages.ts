import { quoteShort } from "../model/short-text.js";
import { MAX_DURATION_MS, parseDuration } from "./duration.js";
import { parseRate } from "./rate.js";

/** One stage of a ramping arrival rate: linear from the previous rate to `targetRate`. */
export interface LoadStage {
  readonly durationMs: number;
  /** Messages per second at the end of the stage. */
  readonly targetRate: number;
}

/** A stage as a config file may write it, in k6's words. */
export interface StageSetting {
  readonly duration: string | number;
  readonly target: string | number;
}

/** Most stages one run may have. */
export const MAX_STAGES = 1000;

/**
 * Parse ramping stages, `10s:100/s,60s:5000/s` or a list of `{ duration, target }`, into
 * {@link LoadStage}s. Each stage lasts more than zero; together at most {@link MAX_DURATION_MS}.
 * Throws a one-line error naming the bad stage.
 */
export function parseStages(value: string | readonly StageSetting[]): LoadStage[] {
  const written: { duration: string | number; target: string | number; shown: string }[] =
    typeof value === "string"
      ? value
          .split(",")
          .map((part) => part.trim())
          .map((part) => {
            const colon = part.lastIndexOf(":");
            if (colon <= 0) {
              throw new Error(
                `invalid stage ${quoteShort(part)}: expected DURATION:RATE such as 30s:2000/s`,
              );
            }
            return { duration: part.slice(0, colon), target: part.slice(colon + 1), shown: part };
          })
      : value.map((stage, i) => ({ ...stage, shown: `number ${i + 1}` }));
  if (written.length === 0) throw new Error("at least one stage is needed");
  if (written.length > MAX_STAGES) throw new Error(`at most ${MAX_STAGES} stages`);
  let totalMs = 0;
  return written.map(({ duration, target, shown }) => {
    let stage: LoadStage;
    try {
      stage = {
        durationMs: parseDuration(duration),
        targetRate: parseRate(target, { allowZero: true }),
      };
    } catch (error) {
      throw new Error(`stage ${shown}: ${(error as Error).message}`);
    }
    if (stage.durationMs <= 0) throw new Error(`stage ${shown}: a stage must last more than 0ms`);
    totalMs += stage.durationMs;
    if (totalMs > MAX_DURATION_MS) {
      throw new Error(`the stages last more than ${MAX_DURATION_MS}ms (about 24.8 days) in all`);
    }
    return stage;
  });
}
