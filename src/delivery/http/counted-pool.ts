import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import type { ConnectionStats } from "../../result/result.js";

/**
 * A keep-alive pool of at most `maxSockets` sockets per host and scheme, which keeps the
 * result's `connections` account: every core that talks to its receivers over HTTP (`http:`,
 * `a2a:`) shares it, so each counts connections and failed requests the same way.
 */
export class CountedPool {
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;
  private opened = 0;
  private open = 0;
  private openPeak = 0;
  private connectMsSum = 0;
  private connectMsMax = 0;
  private connected = 0;
  private readonly errors = new Map<string, number>();

  constructor(maxSockets: number) {
    const pool = { keepAlive: true, maxSockets: Math.max(1, maxSockets) };
    this.http = new HttpAgent(pool);
    this.https = new HttpsAgent(pool);
  }

  /** The agent for a URL's scheme: `https:` gets the TLS pool, anything else the plain one. */
  agentFor(secure: boolean): HttpAgent {
    return secure ? this.https : this.http;
  }

  /**
   * Count a socket the pool just handed to a request, unless it is one reused by keep-alive:
   * a new one is counted while it lives, and its connection timed.
   */
  watch(socket: Socket, reused: boolean): void {
    if (reused) return;
    const asked = performance.now();
    this.opened++;
    if (++this.open > this.openPeak) this.openPeak = this.open;
    socket.once("close", () => {
      this.open--;
    });
    socket.once("connect", () => {
      const ms = performance.now() - asked;
      this.connected++;
      this.connectMsSum += ms;
      if (ms > this.connectMsMax) this.connectMsMax = ms;
    });
  }

  /** Count one failed request of `kind`: an error code, `HTTP 503`, `timeout`. */
  countError(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }

  /** What the pool saw over the run, for the result. */
  stats(): ConnectionStats {
    return {
      opened: this.opened,
      openPeak: this.openPeak,
      connectMsAvg: this.connected > 0 ? this.connectMsSum / this.connected : 0,
      connectMsMax: this.connectMsMax,
      errors: Object.fromEntries(this.errors),
    };
  }

  /** Close every socket, idle or not. */
  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

/** What kind of error a failed request met: its code (`ECONNREFUSED`), else `transport`. */
export function errorKind(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? "transport";
}
