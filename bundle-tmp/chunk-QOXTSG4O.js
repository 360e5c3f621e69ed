import {
  nowMs
} from "./chunk-QCUIJKYM.js";

// dist/distributed/clock-offset.js
var SAMPLES = 5;
async function clockOffsetToRedis(redis) {
  let best = { roundTrip: Number.POSITIVE_INFINITY, offset: 0 };
  for (let i = 0; i < SAMPLES; i++) {
    const sent = nowMs();
    const [seconds, micros] = await redis.sendCommand(["TIME"]);
    const received = nowMs();
    const server = Number(seconds) * 1e3 + Number(micros) / 1e3;
    if (received - sent < best.roundTrip) {
      best = { roundTrip: received - sent, offset: (sent + received) / 2 - server };
    }
  }
  return best.offset;
}

// dist/distributed/timing.js
var BEAT_EVERY_MS = 1e3;
var WORKER_BEAT_TTL_MS = 5e3;
var COORDINATOR_BEAT_TTL_MS = 1e4;
var RUN_KEYS_KEEP_MS = 10 * 6e4;

export {
  clockOffsetToRedis,
  BEAT_EVERY_MS,
  WORKER_BEAT_TTL_MS,
  COORDINATOR_BEAT_TTL_MS,
  RUN_KEYS_KEEP_MS
};
