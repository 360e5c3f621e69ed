/** One line as its own x and y values (x ascending). */
export interface Line {
  readonly x: readonly number[];
  readonly y: readonly (number | null)[];
  /** Legend text for x at each point, if any. */
  readonly xLabels?: readonly (string | null)[];
}

/** Lines sharing one x array, as uPlot needs them; a line is null where it has no point. */
export interface Overlay {
  readonly x: number[];
  readonly ys: (number | null)[][];
  readonly xLabels: (string | null)[];
}

/**
 * Put several lines on one x axis: the union of their x values, each line null at the x values
 * it lacks (the page joins a line across those gaps). Two runs never share their seconds or
 * their sampled percentiles exactly, so this is how two of them are drawn on one chart.
 */
export function overlay(lines: readonly Line[]): Overlay {
  const x = [...new Set(lines.flatMap((line) => line.x))].sort((a, b) => a - b);
  const position = new Map(x.map((value, index) => [value, index]));
  const xLabels: (string | null)[] = x.map(() => null);
  const ys = lines.map((line) => {
    const y: (number | null)[] = x.map(() => null);
    line.x.forEach((value, index) => {
      const at = position.get(value) as number;
      y[at] = line.y[index] ?? null;
      const label = line.xLabels?.[index];
      if (label != null && xLabels[at] == null) xLabels[at] = label;
    });
    return y;
  });
  return { x, ys, xLabels };
}
