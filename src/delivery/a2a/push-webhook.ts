import { randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamResponse, type TaskPushNotificationConfig } from "@a2a-js/sdk";
import { legacyPushNotificationToV1StreamResponse } from "@a2a-js/sdk/compat/v0_3";
import type { A2aVersion } from "../../config/a2a-settings.js";
import { failed } from "../delivery-core.js";
import { type CountedOutcome, finalOutcomeOf } from "./outcome.js";

/** The header an A2A agent puts a push notification's token in (the SDK's default). */
export const PUSH_TOKEN_HEADER = "x-a2a-notification-token";

/** Where each delivery's webhook is, under the server's root: `/push/{key}`. */
const PUSH_PATH = "/push/";

/** The largest push body read: a task's final status is far smaller. */
const MAX_BODY_BYTES = 1 << 20;

/** One delivery waiting for its push notification. */
export interface PushWait {
  /** What the delivery's `SendMessage` carries: this delivery's own URL and token. */
  readonly config: TaskPushNotificationConfig;
  /** Settles when a final push arrives (or {@link PushWait.cancel} is called). */
  readonly outcome: Promise<CountedOutcome>;
  /** Stop waiting: the delivery was settled otherwise (its reply, its timeout, an error). */
  cancel(): void;
}

interface Pending {
  readonly token: Buffer;
  readonly settle: (outcome: CountedOutcome) => void;
}

/** What the webhook made of the pushes it was sent. */
export interface PushCounts {
  /** Pushes accepted: for a delivery still waiting, with its token. */
  readonly accepted: number;
  /** Pushes refused for a missing or wrong token (401). */
  readonly refused: number;
  /** Pushes for a delivery no longer waiting: settled, timed out (410). */
  readonly late: number;
  /** Pushes whose body was not a push notification of the run's A2A version (400). */
  readonly malformed: number;
}

/**
 * The webhook the A2A core's push mode gives agents: a node:http server on 127.0.0.1 (a free
 * port) where each delivery has its own URL (`/push/{key}`) and token, so a push settles the
 * delivery it belongs to however the agent names its task, even when it arrives before the
 * agent's answer to `SendMessage`. A push is read as the run's A2A version writes it: a 1.0
 * `StreamResponse`, or a 0.3 bare task or event (the SDK's compatibility layer turns it into
 * one). A push without the delivery's token is refused and changes nothing.
 */
export class PushWebhook {
  private readonly pending = new Map<string, Pending>();
  private server: Server | undefined;
  private base = "";
  private next = 0;
  private counts = { accepted: 0, refused: 0, late: 0, malformed: 0 };

  constructor(private readonly version: A2aVersion) {}

  /** Listen on 127.0.0.1, on a port the system picks. */
  async start(): Promise<void> {
    const server = createServer((request, response) => {
      this.receive(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500).end();
        else response.destroy();
      });
    });
    server.keepAliveTimeout = 60_000;
    server.listen(0, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
    });
    this.server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** `http://127.0.0.1:PORT`, once started. */
  get url(): string {
    return this.base;
  }

  /** Deliveries waiting for their push now. */
  get waiting(): number {
    return this.pending.size;
  }

  pushes(): PushCounts {
    return { ...this.counts };
  }

  /** A new delivery's webhook, waited on until its final push or {@link PushWait.cancel}. */
  expect(): PushWait {
    const key = (this.next++).toString(36);
    const token = randomUUID();
    let settle: (outcome: CountedOutcome) => void = () => {};
    const outcome = new Promise<CountedOutcome>((resolve) => {
      settle = resolve;
    });
    const done = (counted: CountedOutcome): void => {
      if (this.pending.delete(key)) settle(counted);
    };
    this.pending.set(key, { token: Buffer.from(token), settle: done });
    return {
      config: {
        tenant: "",
        id: key,
        taskId: "",
        url: `${this.base}${PUSH_PATH}${key}`,
        token,
        authentication: undefined,
      },
      outcome,
      cancel: () => done({ outcome: failed("no longer waiting for the push") }),
    };
  }

  /** Stop listening; deliveries still waiting are left to their own timeouts. */
  async close(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    if (request.method !== "POST" || !path.startsWith(PUSH_PATH)) {
      request.resume();
      response.writeHead(404).end();
      return;
    }
    const body = await bodyOf(request);
    const waiting = this.pending.get(path.slice(PUSH_PATH.length));
    if (waiting === undefined) {
      this.counts.late++;
      response.writeHead(410).end();
      return;
    }
    if (!sameToken(request.headers[PUSH_TOKEN_HEADER], waiting.token)) {
      this.counts.refused++;
      response.writeHead(401).end();
      return;
    }
    let event: StreamResponse;
    try {
      event = this.parse(body);
    } catch {
      this.counts.malformed++;
      response.writeHead(400).end();
      return;
    }
    this.counts.accepted++;
    const outcome = finalOutcomeOf(event);
    if (outcome !== undefined) waiting.settle(outcome);
    response.writeHead(204).end();
  }

  /** A push body as the run's A2A version writes it, as a 1.0 event. */
  private parse(body: string | undefined): StreamResponse {
    if (body === undefined) throw new Error("too long");
    const json: unknown = JSON.parse(body);
    if (this.version === "0.3") return legacyPushNotificationToV1StreamResponse(json);
    if (typeof json !== "object" || json === null) throw new Error("not an object");
    const event = StreamResponse.fromJSON(json);
    if (event.payload === undefined) throw new Error("no event");
    return event;
  }
}

/** Whether a request's token header is `token`, compared in constant time. */
function sameToken(header: string | string[] | undefined, token: Buffer): boolean {
  const given = Buffer.from(Array.isArray(header) ? (header[0] ?? "") : (header ?? ""));
  return given.length === token.length && timingSafeEqual(given, token);
}

/** The request's body as text; undefined when it passes {@link MAX_BODY_BYTES}. */
async function bodyOf(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString("utf8");
}
