/**
 * Longest delay `setTimeout` honours, ms (2^31-1, about 24.8 days); beyond it Node fires after
 * 1 ms instead, with a warning.
 */
export const MAX_TIMER_MS = 2_147_483_647;
