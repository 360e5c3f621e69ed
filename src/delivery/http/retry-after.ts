/**
 * A `Retry-After` header as a wait in ms: delta-seconds (`120`) or an HTTP date, which counts
 * from `nowMs` (epoch ms). Undefined when absent or not understood; a date in the past waits 0.
 */
export function retryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
