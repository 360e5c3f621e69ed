/** Colours only for a person at a terminal, and never against https://no-color.org. */
export function useColor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}
