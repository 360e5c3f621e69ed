/**
 * Colours for the queues of a side-by-side comparison, one per queue in the order given: far
 * apart in hue so each broker's line, swatch and row read as its own, also for colour-blind
 * readers (blue, orange, green, pink, purple, brown, cyan, olive). Past eight they repeat
 * dashed.
 */
export const BROKER_COLORS = [
  "#2563eb",
  "#ea580c",
  "#16a34a",
  "#db2777",
  "#7c3aed",
  "#92400e",
  "#0891b2",
  "#65a30d",
] as const;

/** The colour of the queue at `index`, and whether its line is dashed to tell a repeat apart. */
export function brokerColor(index: number): { readonly color: string; readonly dashed: boolean } {
  const color = BROKER_COLORS[index % BROKER_COLORS.length] as string;
  return { color, dashed: index >= BROKER_COLORS.length };
}
