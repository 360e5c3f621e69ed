/** Resolves once `check` holds, polling every `pollMs`; rejects after `ms`. */
export async function until(
  check: () => Promise<boolean> | boolean,
  ms: number,
  pollMs = 50,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
