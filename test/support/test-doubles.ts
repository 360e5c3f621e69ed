import { createServer, type Server, type Socket } from "node:net";

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
