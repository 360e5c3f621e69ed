import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Options of {@link startLiveServer}. */
export interface LiveServerOptions {
  /** The port on 127.0.0.1; 0 takes a free one. */
  readonly port: number;
  /** The page served at `/`. */
  readonly page: string;
  /** Path of the event stream, under `/`. */
  readonly eventsPath: string;
}

/** A server of one page and its event stream (see {@link startLiveServer}). */
export interface LiveServer {
  /** `http://127.0.0.1:PORT/`. */
  readonly url: string;
  /**
   * Send `data` as JSON in an event named `event` to every page listening, and keep it as the
   * latest of its name for pages that connect later.
   */
  send(event: string, data: unknown): void;
  /**
   * {@link send}, with `data` made by `make` only when a page is listening, or when one connects
   * later: a run nobody watches spends nothing building what nobody reads.
   */
  sendWhenWatched(event: string, make: () => unknown): void;
  /** End every stream and stop listening. */
  close(): Promise<void>;
}

/** The Host a page on this machine names the server by: 127.0.0.1 or localhost, any port. */
const LOCAL_HOST = /^(127\.0\.0\.1|localhost)(:\d+)?$/i;

/** How long a page waits before it reconnects to a dropped stream. */
const RETRY_MS = 1000;

/**
 * Serve `page` at `/` and a server-sent-event stream at `/<eventsPath>` on 127.0.0.1 only. A
 * page that connects gets the latest event of each name at once, in the order they were first
 * sent, so a page opened mid-run (or after it) shows the run so far. Anything else is a 404,
 * and a request that names another host (DNS rebinding) a 403.
 *
 * @throws the listen error (`EADDRINUSE`, `EACCES`) when the port cannot be had.
 */
export async function startLiveServer(options: LiveServerOptions): Promise<LiveServer> {
  const streams = new Set<ServerResponse>();
  /** Each event name's latest frame, or what makes it, kept until a page asks. */
  const latest = new Map<string, string | (() => unknown)>();
  const frameOf = (event: string, data: unknown): string =>
    // JSON holds no raw newline, so the whole payload is one `data:` line.
    `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  const server: Server = createServer((request, response) => {
    serve(request, response);
  });
  const events = `/${options.eventsPath}`;

  function serve(request: IncomingMessage, response: ServerResponse): void {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    if (!LOCAL_HOST.test(request.headers.host ?? "")) {
      // A page of another site that got its name to resolve to 127.0.0.1 (DNS rebinding)
      // names that site here: it gets nothing.
      response.writeHead(403, { "content-type": "text/plain" }).end("forbidden\n");
    } else if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET" }).end();
    } else if (path === "/") {
      response
        .writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" })
        .end(options.page);
    } else if (path === events) {
      response.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-store",
        connection: "keep-alive",
      });
      response.write(`retry: ${RETRY_MS}\n\n`);
      for (const [event, kept] of latest) {
        const frame = typeof kept === "string" ? kept : frameOf(event, kept());
        latest.set(event, frame);
        response.write(frame);
      }
      streams.add(response);
      request.on("close", () => streams.delete(response));
    } else {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const send = (event: string, data: unknown): void => {
    const frame = frameOf(event, data);
    latest.set(event, frame);
    for (const stream of streams) stream.write(frame);
  };
  return {
    url: `http://127.0.0.1:${port}/`,
    send,
    sendWhenWatched(event, make) {
      if (streams.size > 0) send(event, make());
      else latest.set(event, make);
    },
    async close() {
      for (const stream of streams) stream.end();
      streams.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
