/** How open-load arrivals are spaced unless told. */
export const DEFAULT_ARRIVALS = "uniform";

/**
 * Messages an open run holds for a full queue before it drops arrivals, unless told: about
 * half a gigabyte of messages at the default payload, far more than any queue here holds.
 */
export const DEFAULT_MAX_BACKLOG = 1_000_000;
