/** A queue URL in running text: up to a space, or up to the next URL. */
const URL_IN_TEXT =
  /((?:(?:bullmq\+)?rediss?|nats|amqps?|postgres(?:ql)?):\/\/)((?:(?!(?:(?:bullmq\+)?rediss?|nats|amqps?|postgres(?:ql)?):\/\/)\S)*)/gi;

/** Schemes whose user information without a colon is a user name (libpq's rule), shown. */
const USER_WITHOUT_PASSWORD = /^postgres/i;

/**
 * Replaces the password of every queue URL in `text` (`redis[s]://`, `nats://`, `amqp[s]://`,
 * `bullmq+redis[s]://`, `postgres[ql]://`) with `***`, as in
 * `redis://user:***@host:6379/0?stream=x`. User information without a colon is hidden whole,
 * since some clients take it as a password (a NATS token is written that way), except in a
 * PostgreSQL URL, where it is the user name alone. It
 * reaches to the last `@` before a space (or the next URL), so a password with a stray `@` or
 * `/` in it is hidden whole, never half shown; a `@` in a stream name must therefore be written
 * `%40`.
 */
export function redactQueueUrl(text: string): string {
  return text.replace(URL_IN_TEXT, (_match, scheme: string, rest: string) => {
    const at = rest.lastIndexOf("@");
    if (at < 0) return scheme + rest;
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(":");
    if (colon < 0 && USER_WITHOUT_PASSWORD.test(scheme)) return scheme + rest;
    const shown = colon < 0 ? "***" : `${userinfo.slice(0, colon)}:***`;
    return `${scheme}${shown}${rest.slice(at)}`;
  });
}
