import type { NatsConnection } from "@nats-io/transport-node";

/** One message a pull handed out, with what its ack subject says about it. */
export interface Pulled {
  /** The message's sequence in the stream: names it across hand-outs. */
  readonly streamSeq: number;
  /** How many times the consumer has handed it out, this time included. */
  readonly deliveries: number;
  /** Where its ack, nak and progress go. */
  readonly reply: string;
  readonly data: Uint8Array;
}

/**
 * Asks a pull consumer for up to `batch` messages and resolves with what it has now: a
 * `no_wait` pull request, answered by the messages then a status (404/408) once none are
 * left. Sent by hand, as JetStream's wire protocol has it, because the client's `fetch` waits
 * at least a second for a batch and a lease without `waitMs` must answer at once.
 */
export function pullNow(
  nc: NatsConnection,
  stream: string,
  consumer: string,
  batch: number,
  timeoutMs: number,
): Promise<Pulled[]> {
  return new Promise<Pulled[]>((resolve, reject) => {
    const pulled: Pulled[] = [];
    const inbox = `_INBOX.${nc.info?.client_id ?? 0}.${nextPull()}`;
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      sub.unsubscribe();
      if (error === undefined) resolve(pulled);
      else reject(error);
    };
    const timer = setTimeout(
      () => finish(new Error(`no answer from JetStream within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const sub = nc.subscribe(inbox, {
      callback: (error, msg) => {
        if (error !== null) return finish(error);
        const code = msg.headers?.code ?? 0;
        if (code !== 0 || !msg.reply?.startsWith("$JS.ACK.")) {
          // 404 / 408: nothing (more) to hand out. Anything else is a real error.
          if (code === 404 || code === 408 || code === 0) return finish();
          return finish(new Error(`JetStream pull failed: ${code} ${msg.headers?.description}`));
        }
        pulled.push(describe(msg.reply, msg.data));
        if (pulled.length >= batch) finish();
      },
    });
    nc.publish(
      `$JS.API.CONSUMER.MSG.NEXT.${stream}.${consumer}`,
      JSON.stringify({ batch, no_wait: true }),
      { reply: inbox },
    );
  });
}

let pulls = 0;
function nextPull(): number {
  pulls = (pulls + 1) % Number.MAX_SAFE_INTEGER;
  return pulls;
}

/**
 * Reads an ack subject: `$JS.ACK.STREAM.CONSUMER.DELIVERED.SSEQ.CSEQ.TIME.PENDING`, or with
 * a domain and account hash in front (12 tokens, servers 2.9+ may send either).
 */
function describe(reply: string, data: Uint8Array): Pulled {
  const tokens = reply.split(".");
  const at = tokens.length >= 12 ? 6 : 4;
  return {
    deliveries: Number(tokens[at]),
    streamSeq: Number(tokens[at + 1]),
    reply,
    data,
  };
}
