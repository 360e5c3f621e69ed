import { nowMs } from "../util/clock.js";
import type { RedisCommander } from "./run-store.js";

/** Round trips sampled; the quickest one bounds the error best. */
const SAMPLES = 5;

/**
 * How far this process's clock is ahead of the Redis server's, ms: the local time in the middle
 * of the quickest of a few TIME round trips, less the server's answer. Off by at most half that
 * round trip (tens of microseconds on a LAN).
 */
export async function clockOffsetToRedis(redis: RedisCommander): Promise<number> {
  let best = { roundTrip: Number.POSITIVE_INFINITY, offset: 0 };
  for (let i = 0; i < SAMPLES; i++) {
    const sent = nowMs();
    const [seconds, micros] = (await redis.sendCommand(["TIME"])) as [string, string];
    const received = nowMs();
    const server = Number(seconds) * 1000 + Number(micros) / 1000;
    if (received - sent < best.roundTrip) {
      best = { roundTrip: received - sent, offset: (sent + received) / 2 - server };
    }
  }
  return best.offset;
}
