/** The first line of an error's message: one-line errors never carry a stack or a dump. */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0] ?? text;
}
