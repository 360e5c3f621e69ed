/**
 * Text that is safe to print on a terminal: control characters that could move the cursor,
 * rewrite earlier lines or set the window title (a hostile scenario or agent name in a saved
 * result) are dropped. Line breaks, tabs and colour codes (ESC [ digits m) stay.
 */
export function safeForTerminal(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/\u001b(?!\[[0-9;]*m)/g, "")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]/g, "")
  );
}
