/** True for a promise or any other thenable: an answer that must be awaited. */
export function isThenable<T>(value: unknown): value is PromiseLike<T> {
  return typeof (value as PromiseLike<unknown> | null | undefined)?.then === "function";
}
