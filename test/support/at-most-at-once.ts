/**
 * Call `each` on every item, at most `limit` calls under way at once: cleanups that wait on a
 * broker (a connection and a few round trips each) go faster side by side, and a bound keeps
 * them from crowding the broker the rest of the suite shares.
 */
export async function atMostAtOnce<T>(
  items: readonly T[],
  limit: number,
  each: (item: T) => Promise<unknown>,
): Promise<void> {
  const left = [...items];
  const worker = async (): Promise<void> => {
    for (let item = left.pop(); item !== undefined; item = left.pop()) await each(item);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}
