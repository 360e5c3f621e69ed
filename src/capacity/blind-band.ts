/**
 * How finely a step can tell rates apart. A step judges the backlog by what was still unsettled
 * when its arrivals ended; up to a batch per consumer of that is in flight, not backlog, so a
 * step forgives that much. Over a short step the forgiven count is a rate of its own: a pipeline
 * that settles less than the step offered by up to that rate still looks as if it kept up.
 */

/** Messages a second a step of `durationMs` forgives as in flight: a batch per consumer. */
export function inFlightSlackPerSec(
  batchSize: number,
  consumers: number,
  durationMs: number,
): number {
  return (batchSize * Math.max(1, consumers)) / (durationMs / 1000);
}

/** What a search's steps could not tell apart around the rate it found. */
export interface BlindBand {
  readonly rate: number;
  readonly stepMs: number;
  readonly batchSize: number;
  readonly consumers: number;
  /** The relative gap the search was asked to narrow to. */
  readonly resolution: number;
}

/**
 * A warning when the steps forgive more than the resolution asked, around `rate`: the rate
 * found may then lie above what the pipeline settles by up to the forgiven rate. Undefined when
 * the steps can resolve what was asked.
 */
export function blindBandWarning(band: BlindBand): string | undefined {
  const slack = inFlightSlackPerSec(band.batchSize, band.consumers, band.stepMs);
  const share = slack / band.rate;
  if (band.rate <= 0 || share <= band.resolution) return undefined;
  const seconds = band.stepMs / 1000;
  return (
    `steps of ${seconds} s cannot tell apart rates closer than ${slack.toFixed(1)}/s ` +
    `(${(share * 100).toFixed(1)}% of ${Math.round(band.rate)}/s, the ${(band.resolution * 100).toFixed(1)}% asked): ` +
    `a batch of ${band.batchSize} per consumer (${Math.max(1, band.consumers)}) in flight counts as no backlog, ` +
    `so the rate found may exceed what the pipeline settles by that much; lengthen --step or lower --batch-size`
  );
}
