import { type StartedCli, sleep } from "./built-cli.js";

/**
 * A run long enough for a dashboard to watch: about 5 000 messages at 1 000 a second, 3 % of
 * attempts failing, so failures pile up second by second.
 */
export const WATCHED_RUN = [
  "--agents",
  "5",
  "--messages-per-agent",
  "1000",
  "--delay",
  "1ms",
  "--batch-size",
  "10",
  "--interval",
  "10ms",
  "--success-rate",
  "0.97",
  "--seed",
  "7",
  "--no-progress",
];

/** A search of a few seconds: a warm-up and steps of two seconds at 200/s and 400/s. */
export const SHORT_SEARCH = [
  "capacity",
  ...["--agents", "4", "--types", "direct", "--delay", "0", "--interval", "0"],
  ...["--step", "2s", "--warmup", "1s", "--confirm", "2s"],
  ...["--start-rate", "200/s", "--max-rate", "400/s", "--no-progress"],
];

/** A threshold the watched run breaks a few seconds in, once its failed attempts pass 80. */
export const FAILED_LATER = "totals.failed<80";

/** The dashboard's URL from the CLI's `dashboard at URL` line on stderr, once it is printed. */
export async function dashboardUrl(run: StartedCli, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const url = /dashboard at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(run.stderr())?.[1];
    if (url !== undefined) return url;
    if (run.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`no dashboard URL on stderr: ${run.stderr()}`);
    }
    await sleep(20);
  }
}

/** One server-sent event as it arrived. */
export interface ReceivedEvent {
  readonly event: string;
  readonly data: unknown;
  /** When it arrived, in ms (Date.now()). */
  readonly at: number;
}

/**
 * Every event of the stream at `url` until it ends (the server closes it) or, with `until`, up
 * to the first event it accepts; parsed as the browser's EventSource would: `event:` and
 * `data:` lines, a blank line after each.
 */
export async function readEvents(
  url: string,
  until: (event: ReceivedEvent) => boolean = () => false,
): Promise<ReceivedEvent[]> {
  const response = await fetch(url);
  if (!response.ok || response.body === null) throw new Error(`GET ${url}: ${response.status}`);
  const events: ReceivedEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = "";
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = new Map(
        frame.split("\n").map((line) => {
          const colon = line.indexOf(":");
          return [line.slice(0, colon), line.slice(colon + 1).trimStart()] as const;
        }),
      );
      const data = fields.get("data");
      if (data !== undefined) {
        const event = {
          event: fields.get("event") ?? "message",
          data: JSON.parse(data),
          at: Date.now(),
        };
        events.push(event);
        // Leaving the loop cancels the stream.
        if (until(event)) return events;
      }
      end = buffer.indexOf("\n\n");
    }
  }
  return events;
}
