import { describe, expect, it } from "vitest";
import { NatsRunLedger } from "../../src/queue/nats/run-ledger.js";
import { parseNatsQueueUrl } from "../../src/queue/nats/url.js";
import { NATS_SERVER, startNatsServer } from "../support/nats.js";

describe.skipIf(NATS_SERVER === undefined)("the run ledger of a NATS queue", () => {
  it("fails a write to a server that went away with the queue's own lost-NATS line", async () => {
    const server = await startNatsServer();
    try {
      await server.ready;
      const url = parseNatsQueueUrl(`nats://127.0.0.1:${server.port}?stream=ledgered`);
      const ledger = await NatsRunLedger.open(url);
      try {
        await ledger.begin("{}");
        await server.stop();
        // Whatever the server said on its way down, the write waits out the reconnects.
        await expect(
          ledger.record([{ seq: 0, outcome: "delivered", type: "direct", sender: "agent_0" }]),
        ).rejects.toThrow(
          new RegExp(
            `^lost NATS at 127\\.0\\.0\\.1:${server.port}: .* \\(reconnects failed for 5 s\\)$`,
          ),
        );
      } finally {
        await ledger.close();
      }
    } finally {
      await server.stop();
    }
  }, 20_000);
});
