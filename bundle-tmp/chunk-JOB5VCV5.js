import {
  allRunKeys,
  runKeys,
  streamOwnerKey
} from "./chunk-T3WPMGMO.js";
import {
  RedisLink,
  connectRedis,
  discard
} from "./chunk-UU2IJIGQ.js";
import {
  RedisFaultLatch
} from "./chunk-QLQAZYYH.js";
import {
  RuntimeError
} from "./chunk-4OEG5RSY.js";

// dist/distributed/run-store.js
import { randomBytes } from "node:crypto";

// dist/distributed/settle-script.js
var SETTLE_SCRIPT = `
local settled, dead, counters, requests = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local instance, number = ARGV[1], ARGV[2]
local last = redis.call('HGET', requests, instance)
if last then
  local seen, reply = string.match(last, '^(%d+) (.*)$')
  if seen == number then return cjson.decode(reply) end
end
local out = {}
for i = 3, #ARGV, 4 do
  local seq = tonumber(ARGV[i])
  local outcome, kind, sender = ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  if redis.call('SETBIT', settled, seq, 1) == 0 then
    if outcome == 'x' then redis.call('SETBIT', dead, seq, 1) end
    redis.call('HINCRBY', counters, outcome, 1)
    redis.call('HINCRBY', counters, outcome .. ':t:' .. kind, 1)
    redis.call('HINCRBY', counters, outcome .. ':a:' .. sender, 1)
  else
    redis.call('HINCRBY', counters, 'dup', 1)
    out[#out + 1] = seq
    out[#out + 1] = redis.call('GETBIT', dead, seq)
  end
end
redis.call('HSET', requests, instance, number .. ' ' .. cjson.encode(out))
return out
`;

// dist/distributed/run-store.js
var FINISHED_TTL_MS = 6e4;
var RunStore = class {
  redis;
  runId;
  gone;
  keys;
  reportCursor = "0-0";
  /** Names this instance's settle requests, so that a repeated one is recognised. */
  instance = randomBytes(6).toString("hex");
  settles = 0;
  constructor(redis, runId, gone = () => new RuntimeError(`the keys of run ${runId} are gone from Redis`)) {
    this.redis = redis;
    this.runId = runId;
    this.gone = gone;
    this.keys = runKeys(runId);
  }
  /**
   * Claim `stream` for this run for `ttlMs` (renewed by {@link beatAsCoordinator}). Returns the
   * run that holds it instead, when another does.
   */
  async claimStream(stream, ttlMs) {
    const key = streamOwnerKey(stream);
    const claimed = await this.redis.sendCommand([
      "SET",
      key,
      this.runId,
      "NX",
      "PX",
      String(ttlMs)
    ]);
    if (claimed !== null)
      return void 0;
    const owner = await this.redis.sendCommand(["GET", key]);
    return typeof owner === "string" && owner !== this.runId ? owner : void 0;
  }
  /** Give the stream up, if this run still holds it. */
  async releaseStream(stream) {
    const key = streamOwnerKey(stream);
    if (await this.redis.sendCommand(["GET", key]) === this.runId) {
      await this.redis.sendCommand(["DEL", key]);
    }
  }
  /**
   * Say the coordinator is alive for the next `ttlMs`, keep holding `stream`, and keep the
   * run's keys for `keepMs` more: if the coordinator dies, its workers stop and its keys go.
   *
   * @throws the store's `gone` error when the run's descriptor is not there: Redis lost the
   * run's keys, and its workers would be waited for in vain.
   */
  async beatAsCoordinator(stream, ttlMs, keepMs) {
    const ttl = String(Math.round(ttlMs));
    const kept = await this.redis.sendCommand([
      "PEXPIRE",
      this.keys.descriptor,
      String(Math.round(keepMs))
    ]);
    if (Number(kept) !== 1)
      throw this.gone();
    await Promise.all([
      this.redis.sendCommand(["SET", this.keys.coordinatorBeat, String(Date.now()), "PX", ttl]),
      this.redis.sendCommand(["PEXPIRE", streamOwnerKey(stream), ttl]),
      ...allRunKeys(this.runId).filter((key) => key !== this.keys.descriptor).map((key) => this.redis.sendCommand(["PEXPIRE", key, String(Math.round(keepMs))]))
    ]);
  }
  /**
   * Give the run's keys that have no expiry one of `ms` (a worker does, so keys made after
   * the coordinator's last beat still go if it died; `NX` leaves a set expiry alone).
   */
  async ensureExpiry(ms) {
    await Promise.all(allRunKeys(this.runId).map((key) => this.redis.sendCommand(["PEXPIRE", key, String(Math.round(ms)), "NX"])));
  }
  /** Whether the coordinator beats. */
  async coordinatorAlive() {
    return await this.redis.sendCommand(["EXISTS", this.keys.coordinatorBeat]) === 1;
  }
  /** Publish the run for workers to join; refuses an id already in use. */
  async publish(descriptor) {
    const text = JSON.stringify(descriptor);
    const set = await this.redis.sendCommand(["SET", this.keys.descriptor, text, "NX"]);
    if (set === null && await this.redis.sendCommand(["GET", this.keys.descriptor]) !== text) {
      return false;
    }
    await this.setPhase("producing");
    return true;
  }
  /** The run's descriptor, or undefined when no such run is (still) there. */
  async descriptor() {
    const text = await this.redis.sendCommand(["GET", this.keys.descriptor]);
    return typeof text === "string" ? JSON.parse(text) : void 0;
  }
  async setPhase(phase) {
    await this.redis.sendCommand(["SET", this.keys.phase, phase]);
  }
  /**
   * The phase; undefined when the key is gone: the run finished over a minute ago, its
   * coordinator died ten minutes ago, or Redis lost it.
   */
  async phase() {
    const phase = await this.redis.sendCommand(["GET", this.keys.phase]);
    return typeof phase === "string" ? phase : void 0;
  }
  /** The error for a run whose keys are gone, with the connection's latch tripped. */
  stateLost() {
    return this.gone();
  }
  async join(worker) {
    await this.redis.sendCommand(["HSET", this.keys.workers, worker.id, JSON.stringify(worker)]);
  }
  /** Say this worker is alive for the next `ttlMs`. */
  async heartbeat(workerId, ttlMs) {
    await this.redis.sendCommand([
      "SET",
      this.keys.heartbeat(workerId),
      String(Date.now()),
      "PX",
      String(Math.max(1, Math.round(ttlMs)))
    ]);
  }
  /** Every worker that joined, in the order they joined. */
  async workers() {
    const flat = await this.redis.sendCommand(["HGETALL", this.keys.workers]);
    const values = Array.isArray(flat) ? flat.filter((_, i) => i % 2 === 1) : Object.values(flat);
    return values.map((text) => JSON.parse(text)).sort((a, b) => a.joinedAt - b.joinedAt);
  }
  /** Which of `workerIds` still beat. */
  async alive(workerIds) {
    if (workerIds.length === 0)
      return /* @__PURE__ */ new Set();
    const beats = await this.redis.sendCommand([
      "MGET",
      ...workerIds.map((id) => this.keys.heartbeat(id))
    ]);
    return new Set(workerIds.filter((_, i) => beats[i] !== null));
  }
  async report(report) {
    await this.redis.sendCommand(["XADD", this.keys.reports, "*", "r", JSON.stringify(report)]);
  }
  /** Reports added since the last call, oldest first. */
  async newReports(limit = 1e3) {
    const entries = await this.redis.sendCommand([
      "XRANGE",
      this.keys.reports,
      `(${this.reportCursor}`,
      "+",
      "COUNT",
      String(limit)
    ]);
    const reports = [];
    for (const [id, fields] of entries) {
      this.reportCursor = id;
      const text = fields[1];
      if (typeof text === "string")
        reports.push(JSON.parse(text));
    }
    return reports;
  }
  /**
   * Record final outcomes, first settle wins. Returns the messages of `records` that had
   * already settled (another worker's, or this one's before a lease expired), with the outcome
   * they settled with then.
   */
  async settle(records) {
    if (records.length === 0)
      return void 0;
    const args = [this.instance, String(++this.settles)];
    for (const record of records) {
      args.push(String(record.seq), record.outcome === "delivered" ? "d" : "x", record.type, record.sender);
    }
    const keys = [this.keys.settled, this.keys.dead, this.keys.outcomes, this.keys.settles];
    const reply = await this.redis.sendCommand([
      "EVAL",
      SETTLE_SCRIPT,
      String(keys.length),
      ...keys,
      ...args
    ]);
    if (reply.length === 0)
      return void 0;
    const earlier = /* @__PURE__ */ new Map();
    for (let i = 0; i < reply.length; i += 2) {
      earlier.set(Number(reply[i]), Number(reply[i + 1]) === 1 ? "dead_lettered" : "delivered");
    }
    return earlier;
  }
  /** Final outcomes as counted once per message. */
  async outcomes() {
    const [flat, settled] = await Promise.all([
      this.redis.sendCommand(["HGETALL", this.keys.outcomes]),
      this.redis.sendCommand(["BITCOUNT", this.keys.settled])
    ]);
    const entries = Array.isArray(flat) ? flat.flatMap((key, i) => i % 2 === 0 ? [[key, flat[i + 1]]] : []) : Object.entries(flat);
    const byType = {};
    const bySender = {};
    let delivered = 0;
    let deadLettered = 0;
    let duplicates = 0;
    const add = (table, key, dead, n) => {
      const before = table[key] ?? { delivered: 0, deadLettered: 0 };
      table[key] = dead ? { ...before, deadLettered: before.deadLettered + n } : { ...before, delivered: before.delivered + n };
    };
    for (const [field, text] of entries) {
      const n = Number(text);
      const [outcome, scope, ...rest] = field.split(":");
      const name = rest.join(":");
      const dead = outcome === "x";
      if (field === "dup")
        duplicates = n;
      else if (scope === void 0 && dead)
        deadLettered = n;
      else if (scope === void 0)
        delivered = n;
      else if (scope === "t")
        add(byType, name, dead, n);
      else if (scope === "a")
        add(bySender, name, dead, n);
    }
    return { delivered, deadLettered, byType, bySender, settled: Number(settled), duplicates };
  }
  /** Which of `seqs` settled, and which of those as dead letters. */
  async settledOf(seqs) {
    const settled = /* @__PURE__ */ new Set();
    const dead = /* @__PURE__ */ new Set();
    const bits = await Promise.all(seqs.map((seq) => Promise.all([
      this.redis.sendCommand(["GETBIT", this.keys.settled, String(seq)]),
      this.redis.sendCommand(["GETBIT", this.keys.dead, String(seq)])
    ])));
    seqs.forEach((seq, i) => {
      const [isSettled, isDead] = bits[i] ?? [];
      if (Number(isSettled) === 1)
        settled.add(seq);
      if (Number(isDead) === 1)
        dead.add(seq);
    });
    return { settled, dead };
  }
  /** Mark the run finished and let its keys expire, once late workers had time to see it. */
  async finish() {
    await this.setPhase("finished");
    for (const key of allRunKeys(this.runId)) {
      await this.redis.sendCommand(["PEXPIRE", key, String(FINISHED_TTL_MS)]);
    }
  }
  /** Delete the run's keys now. */
  async purge() {
    await this.redis.sendCommand(["DEL", ...allRunKeys(this.runId)]);
  }
};

// dist/distributed/redis-access.js
async function connectRunStore(url, runId, latch = new RedisFaultLatch()) {
  const link = await RedisLink.connect(url, { clientName: `swarm-stress-run-${runId}`, latch });
  const store = new RunStore(link, runId, () => link.stateLost());
  return {
    store,
    redis: link,
    latch,
    stateLost: () => link.stateLost(),
    close: () => link.close()
  };
}
async function openRunQueue(url, run, consumer, latch, fresh = false) {
  const { RedisQueue } = await import("./redis-2M3UROQB.js");
  return await RedisQueue.open({
    url,
    stream: run.stream,
    consumer,
    capacity: run.config.queueCapacity,
    visibilityMs: run.config.visibilityTimeout,
    resume: !fresh,
    latch
  });
}
async function streamOwner(url, stream) {
  const link = await RedisLink.connect(url);
  try {
    const owner = await link.sendCommand(["GET", streamOwnerKey(stream)]);
    return typeof owner === "string" ? owner : void 0;
  } finally {
    await link.close();
  }
}
async function runFinished(url, runId) {
  try {
    const client = await connectRedis(url, { connectTimeoutMs: 1e3 });
    try {
      const phase = await client.sendCommand(["GET", runKeys(runId).phase]);
      return phase === "finished";
    } finally {
      discard(client);
    }
  } catch {
    return false;
  }
}

export {
  connectRunStore,
  openRunQueue,
  streamOwner,
  runFinished
};
