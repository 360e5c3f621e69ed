import { redisAvailable } from "../support/redis.js";
import { matrixSuite, trials } from "./matrix.js";

// Side by side: a Redis trial spends most of its time waiting for the killed worker's
// heartbeat to lapse, not working.
matrixSuite("reliability matrix on Redis", redisAvailable ? trials("redis", 1) : [], {
  concurrent: true,
});
