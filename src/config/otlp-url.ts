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

/**
 * An OTLP collector URL with the password of its user information left out, for publishing
 * where others read it (a distributed run's descriptor), and whether there was one.
 */
export function withoutOtlpPassword(text: string): {
  readonly url: string;
  readonly withheld: boolean;
} {
  if (!URL.canParse(text)) return { url: text, withheld: false };
  const url = new URL(text);
  if (url.password === "") return { url: text, withheld: false };
  url.password = "";
  return { url: url.href, withheld: true };
}
