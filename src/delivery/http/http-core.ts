import { type Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { firstLine } from "../../errors.js";
import type { Message } from "../../model/message.js";
import type { ConnectionStats } from "../../result/result.js";
import {
  DELIVERED,
  type DeliveryCore,
  type DeliveryOutcome,
  failed,
  TIMED_OUT,
} from "../delivery-core.js";
import { CallDeadlines } from "./call-deadlines.js";
import { CountedPool, errorKind } from "./counted-pool.js";
import { retryAfterMs } from "./retry-after.js";
import { fill, HTTP_CORE_PREFIX, type HttpTarget } from "./target.js";

/** Options of {@link HttpCore}. */
export interface HttpCoreOptions {
  readonly target: HttpTarget;
  /** Requests in flight at once, and so the most sockets the pool keeps open. */
  readonly concurrency: number;
  /** A request still unanswered after this long is abandoned as timed out, ms. */
  readonly timeoutMs: number | undefined;
  /** Sent with every request (from the environment, never saved). */
  readonly headers: Readonly<Record<string, string>>;
}

/** Thrown into a request that ran past its time, so its socket is let go. */
class RequestTimeout extends Error {}

/**
 * Delivers each message as an HTTP POST of JSON to the recipient's URL (`{agent}` and `{type}`
 * in the template), over a keep-alive pool of at most `concurrency` sockets: the receivers are
 * webhooks or services, and the harness stresses them the way a swarm's sender would.
 *
 * A 2xx answer is delivered. 429 and 5xx are failures to try again, after the `Retry-After`
 * the server sent if any; any other status (a 4xx: the request itself is wrong) is a final
 * failure, dead-lettered at once. A failed connection is a failure to try again; a request
 * past the run's timeout is timed out and its socket closed.
 */
export class HttpCore implements DeliveryCore {
  readonly name: string;
  private readonly pool: CountedPool;
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;
  private readonly deadlines = new CallDeadlines();

  constructor(private readonly options: HttpCoreOptions) {
    const { target, concurrency } = options;
    this.name = `${HTTP_CORE_PREFIX}${target.template}`;
    this.pool = new CountedPool(concurrency);
    this.agent = this.pool.agentFor(target.secure);
    this.send = target.secure ? httpsRequest : httpRequest;
  }

  deliver(message: Message, recipient: string): Promise<DeliveryOutcome> {
    const body = deliveryBody(message, recipient);
    const url = fill(this.options.target.template, recipient, message.type);
    return new Promise<DeliveryOutcome>((resolve) => {
      let settled = false;
      // Once: a response can still fail after its end was heard, and must not count twice.
      const settle = (outcome: DeliveryOutcome, kind?: string): void => {
        if (settled) return;
        settled = true;
        this.deadlines.end(giveUp);
        if (kind !== undefined) this.pool.countError(kind);
        resolve(outcome);
      };
      const giveUp = (): void => {
        settle(TIMED_OUT, "timeout");
        request.destroy(new RequestTimeout());
      };
      const request = this.send(url, {
        method: "POST",
        agent: this.agent,
        headers: {
          ...this.options.headers,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        },
      });
      request.on("socket", (socket) => this.pool.watch(socket, request.reusedSocket));
      request.on("response", (response) => {
        // The answer counts once its body is read: then the socket can carry the next request.
        response.resume();
        response.on("end", () => {
          const outcome = outcomeOf(response);
          settle(outcome, outcome === DELIVERED ? undefined : `HTTP ${response.statusCode}`);
        });
        response.on("error", (error) => settle(transportFailure(error), errorKind(error)));
      });
      request.on("error", (error) => {
        if (error instanceof RequestTimeout) settle(TIMED_OUT, "timeout");
        else settle(transportFailure(error), errorKind(error));
      });
      const timeoutMs = this.options.timeoutMs;
      if (timeoutMs !== undefined) this.deadlines.start(giveUp, timeoutMs);
      request.end(body);
    });
  }

  close(): void {
    this.deadlines.giveUpOverdue();
    this.pool.destroy();
  }

  connections(): ConnectionStats {
    this.deadlines.giveUpOverdue();
    return this.pool.stats();
  }
}

/** What each POST carries: the message, its recipient and which attempt this is, as JSON. */
export function deliveryBody(message: Message, recipient: string): string {
  return JSON.stringify({
    id: message.id,
    seq: message.seq,
    type: message.type,
    sender: message.sender,
    recipient,
    attempt: message.attempts,
    scheduledAt: message.scheduledAt,
    payload: message.payload,
  });
}

/** The outcome an HTTP answer stands for. */
function outcomeOf(response: IncomingMessage): DeliveryOutcome {
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) return DELIVERED;
  const reason = `HTTP ${status}`;
  if (status === 429 || status >= 500) {
    const header = response.headers["retry-after"];
    const wait = retryAfterMs(Array.isArray(header) ? header[0] : header, Date.now());
    return failed(reason, wait === undefined ? undefined : { retryAfterMs: wait });
  }
  return failed(status >= 300 && status < 400 ? `${reason} (redirects are not followed)` : reason, {
    final: true,
  });
}

/** A connection that failed: refused, reset, unknown host. Worth another attempt. */
function transportFailure(error: Error): DeliveryOutcome {
  const code = (error as NodeJS.ErrnoException).code;
  return failed(code === undefined ? firstLine(error) : `${code}: ${firstLine(error)}`);
}
