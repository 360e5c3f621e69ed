/** Whether `text` is an absolute http:// or https:// URL, as the `otlp` setting needs. */
export function isOtlpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const { protocol, hostname } = new URL(text);
  return (protocol === "http:" || protocol === "https:") && hostname !== "";
}

/**
 * An OTLP collector URL as results, warnings and notices show it: a password in its user
 * information replaced with `***` (a result is shared). Text that is not a URL is returned as is.
 */
export function redactOtlpUrl(text: string): string {
  if (!URL.canParse(text)) return text;
  const url = new URL(text);
  if (url.password === "") return text;
  url.password = "***";
  return url.href;
}
