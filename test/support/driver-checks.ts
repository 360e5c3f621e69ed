/** What the broker drivers' own tests check alike: refusals, a silent server, crashed holders. */
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { expect } from "vitest";
import type { LeaseOptions, QueueDriver } from "../../src/queue/driver.js";
import { testMessage } from "../conformance/queue-conformance.js";

/** The error `work` rejects with; fails the test when it resolves. */
export async function rejection(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

/**
 * A TCP server on a free loopback port, and its port: a broker that never answers, or a proxy
 * a test cuts to make its broker go away.
 */
export async function listen(
  onSocket: (socket: Socket) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer(onSocket);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { server, port: address.port };
}

/**
 * A proxy on a free loopback port to the broker at `host`:`port`, so that a test can take the
 * broker away: `cut` ends every connection through it, `close` stops it taking new ones. With
 * `hold`, the broker's answers are held back first (what the client sends still arrives), so a
 * call the cut cuts off has reached the broker; connections after a cut are answered again.
 */
export async function holdingProxy(
  host: string,
  port: number,
): Promise<{ port: number; hold(): void; cut(): void; close(): void }> {
  const links: Socket[] = [];
  let answering = true;
  const proxy = await listen((client) => {
    const upstream = createConnection({ host, port });
    links.push(client, upstream);
    client.pipe(upstream);
    upstream.on("data", (data: Buffer) => {
      if (answering) client.write(data);
    });
    client.on("error", () => {});
    upstream.on("error", () => {});
  });
  return {
    port: proxy.port,
    hold: () => {
      answering = false;
    },
    cut: () => {
      for (const socket of links.splice(0)) socket.destroy();
      answering = true;
    },
    close: () => proxy.server.close(),
  };
}

/**
 * The error opening a queue fails with, checked as every broker driver promises: within 5 s,
 * one line, matching `names` (the broker), never showing `secret` (the URL's password).
 */
export async function refusedOpen(
  opening: Promise<unknown>,
  names: RegExp,
  secret: string,
): Promise<Error> {
  const started = Date.now();
  const error = await rejection(opening);
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(error.message).not.toContain(secret);
  expect(error.message.split("\n")).toHaveLength(1);
  expect(error.message).toMatch(names);
  return error;
}

/**
 * A message held by runs that died holding it (closed without settling): each run that opens
 * the queue again, with `resume`, sees one more hand-out counted, for good.
 */
export async function expectCrashedHoldersCounted(
  open: (resume: boolean) => Promise<QueueDriver>,
  leaseOptions: LeaseOptions = {},
): Promise<void> {
  const first = await open(false);
  await first.enqueue([testMessage(0)]);
  expect((await first.lease(1))[0]?.message.attempts).toBe(1);
  await first.close(); // holding the lease, as a run killed mid-delivery would
  const seen: number[] = [];
  for (let run = 0; run < 3; run++) {
    const next = await open(true);
    const [lease] = await next.lease(1, leaseOptions);
    seen.push(lease?.message.attempts ?? -1);
    await next.close();
  }
  // Each run that died holding it adds one (its own hand-out was lost with it).
  expect(seen).toEqual([2, 3, 4]);
}
