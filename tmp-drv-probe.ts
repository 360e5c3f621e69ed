import { RedisQueue } from "./src/queue/redis.js";
import { testMessages } from "./test/conformance/queue-conformance.js";
const url = "redis://127.0.0.1:6379/15?stream=swarm-stress-test:probe";
await RedisQueue.purge(url);
const q = await RedisQueue.open({ url, capacity: 1000 });
const chunks = Array.from({ length: 100 }, (_, i) => testMessages(i * 1000, 1000));
const t = { e: 0, l: 0, a: 0 };
async function round() { for (const c of chunks) { let s = performance.now(); await q.enqueue(c); t.e += performance.now() - s; s = performance.now(); const l = await q.lease(1000); t.l += performance.now() - s; s = performance.now(); await q.ack(l); t.a += performance.now() - s; } }
await round();
t.e = t.l = t.a = 0;
const t0 = performance.now(); await round(); await round();
console.log("driver msg/s", Math.round(200_000 * 1000 / (performance.now() - t0)), "ms per 1000:", (t.e / 200).toFixed(2), (t.l / 200).toFixed(2), (t.a / 200).toFixed(2));
await q.close(); await RedisQueue.purge(url);
