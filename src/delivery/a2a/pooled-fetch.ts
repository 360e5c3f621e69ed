import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import type { CountedPool } from "../http/counted-pool.js";

/** Statuses whose response has no body, which a `Response` refuses to be given one. */
const NO_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetch` for the A2A SDK that goes through `pool`: Node's own fetch keeps its connections
 * out of sight, and the result's `connections` account needs to see every socket the agents
 * cost. Sends `headers` (from the environment) with every request. Takes the subset of
 * `fetch` the SDK uses: a URL, method, headers, a text body and an abort signal; the body of
 * the answer streams, so server-sent events arrive as they come.
 */
export function pooledFetch(
  pool: CountedPool,
  headers: Readonly<Record<string, string>>,
): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const signal = init?.signal ?? undefined;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const secure = url.protocol === "https:";
      const body = typeof init?.body === "string" ? init.body : undefined;
      const outgoing: Record<string, string> = { ...headers };
      new Headers(init?.headers).forEach((value, name) => {
        outgoing[name] = value;
      });
      if (body !== undefined) outgoing["content-length"] = String(Buffer.byteLength(body));
      const request: ClientRequest = (secure ? httpsRequest : httpRequest)(url, {
        method: init?.method ?? "GET",
        agent: pool.agentFor(secure),
        headers: outgoing,
      });
      const abort = (): void => {
        request.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
      };
      signal?.addEventListener("abort", abort, { once: true });
      const release = (): void => signal?.removeEventListener("abort", abort);
      request.on("socket", (socket) => pool.watch(socket, request.reusedSocket));
      request.on("response", (response) => {
        response.once("close", release);
        resolve(responseOf(response));
      });
      request.on("error", (error) => {
        release();
        reject(error);
      });
      request.end(body);
    });
}

/** A web `Response` whose body streams from `response`. */
function responseOf(response: IncomingMessage): Response {
  const status = response.statusCode ?? 0;
  const headers = new Headers();
  const raw = response.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] ?? "", raw[i + 1] ?? "");
  const init = { status, statusText: response.statusMessage ?? "", headers };
  if (NO_BODY.has(status)) {
    response.resume();
    return new Response(null, init);
  }
  return new Response(Readable.toWeb(response) as ReadableStream<Uint8Array>, init);
}
