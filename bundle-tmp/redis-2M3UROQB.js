import {
  CrossProcessWaiters
} from "./chunk-3BTMKE6O.js";
import {
  QueueClosedError,
  checkDriverLimits,
  leaseVisibilityError
} from "./chunk-ISEEBYCG.js";
import "./chunk-ANFZG24T.js";
import {
  UNCHANGING_FIELDS,
  checkedTuple,
  owesEveryAddressee,
  pack,
  packEach,
  unchangingFields,
  unpack,
  unpackEach
} from "./chunk-HIGQFWUQ.js";
import {
  nowMs
} from "./chunk-QCUIJKYM.js";
import "./chunk-DP7FM7BS.js";
import {
  RedisLink
} from "./chunk-UU2IJIGQ.js";
import {
  RedisFault
} from "./chunk-QLQAZYYH.js";
import {
  parseRedisQueueUrl,
  streamNameProblem
} from "./chunk-QDXHEC6X.js";
import "./chunk-PTSGJIAI.js";
import {
  ConfigError
} from "./chunk-4OEG5RSY.js";

// dist/queue/redis/redis.js
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

// dist/queue/redis/keys.js
var CONSUMER_GROUP = "swarm-stress";
var SCHEMA_VERSION = "1";
function queueKeys(stream) {
  const prefix = `{swarm-stress:${stream}}:`;
  const meta = `${prefix}meta`;
  const dead = `${prefix}dead`;
  return {
    stream,
    prefix,
    fixed: [
      meta,
      `${prefix}lanes`,
      `${prefix}leases`,
      `${prefix}delayed`,
      `${prefix}delayed:bodies`,
      dead
    ],
    meta,
    dead
  };
}
function laneName(priority) {
  return String(priority);
}

// dist/queue/redis/store.js
import { ErrorReply as ErrorReply2 } from "@redis/client";

// dist/queue/redis/codec.js
var MALFORMED = "a message in the Redis queue";
var BODY_FIELDS = UNCHANGING_FIELDS + 3;
function encodeMessage(message) {
  return pack(bodyOf(message));
}
function encodeMessages(messages) {
  return packEach(messages.length, (i) => bodyOf(messages[i]));
}
function bodyOf(message) {
  return [
    ...unchangingFields(message),
    message.attempts,
    message.lastError ?? null,
    owesEveryAddressee(message) ? null : message.recipients
  ];
}
function decodeMessages(bodies, priority, { stamps, accepted }, each) {
  if (bodies.length !== stamps.length)
    throw new Error(`${MALFORMED} is malformed`);
  let index = 0;
  unpackEach(Buffer.concat(bodies), (body) => {
    each(new RedisMessage(checkedTuple(body, MALFORMED, BODY_FIELDS), priority, stamps[index], accepted?.[index]), index);
    index++;
  });
  if (index !== stamps.length)
    throw new Error(`${MALFORMED} is malformed`);
}
function decodeMessage(bytes, priority, enqueuedAt) {
  return new RedisMessage(checkedTuple(unpack(bytes), MALFORMED, BODY_FIELDS), priority, enqueuedAt);
}
var RedisMessage = class {
  priority;
  enqueuedAt;
  acceptedAt;
  id;
  seq;
  type;
  sender;
  addressedTo;
  payload;
  scheduledAt;
  recipients;
  attempts;
  lastError;
  constructor(body, priority, enqueuedAt, acceptedAt) {
    this.priority = priority;
    this.enqueuedAt = enqueuedAt;
    this.acceptedAt = acceptedAt;
    this.id = body[0];
    this.type = body[1];
    this.sender = body[2];
    this.addressedTo = body[3];
    this.payload = body[4];
    this.scheduledAt = body[5];
    this.seq = body[6];
    this.attempts = body[7];
    this.lastError = body[8] ?? void 0;
    this.recipients = body[9] ?? body[3];
  }
};

// dist/queue/redis/lua.js
var PRELUDE = `
local META, LANES, LEASES, DELAYED, BODIES, DEAD = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local PREFIX = ARGV[1]
local GROUP = '${CONSUMER_GROUP}'
local injected = ARGV[2] ~= ''
local now, now_text

local function fmt(x) return string.format('%.17g', x) end

local function tick()
  if injected then
    now_text = ARGV[2]
    now = tonumber(now_text)
  else
    local t = redis.call('TIME')
    now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
    now_text = fmt(now)
  end
end

local function lane_key(lane) return PREFIX .. 'lane:' .. lane end

-- Hand-out numbers are padded in members so that members sort in hand-out order.
local function pad(n) return string.rep('0', 16 - #n) .. n end
local function unpad(n) return string.match(n, '^0*(%d+)$') end

-- The first of count new hand-out numbers: stream ids 0-N, ascending in every lane.
local function next_numbers(count) return redis.call('HINCRBY', META, 'next', count) - count + 1 end

-- A message becomes ready again at the back of its lane, stamped with the moment it did.
-- 'h' counts hand-outs whose leases expired since the body was last written: a lease hands
-- out an entry as it is, so the expired hand-out is added here, and the client adds it to the
-- body's attempts. 'a' keeps when the queue first accepted the message, which enqueue leaves
-- to 't' (the hot path writes no more than it must).
local function requeue(lane, body, stamp, expired_handouts, accepted)
  local id = '0-' .. string.format('%d', next_numbers(1))
  redis.call('XADD', lane_key(lane), id, 'b', body, 't', stamp, 'h', expired_handouts, 'a', accepted)
end

-- Hand-outs of a stream entry whose leases expired ('h', absent or 0 for none).
local function expired_handouts(entry) return tonumber(entry[2][6] or '0') end

-- When the queue first accepted the message of an entry's fields: 'a', else (never requeued)
-- its stamp.
local function accepted_at(fields) return fields[8] or fields[4] end

-- Where a delayed message's accepted time waits beside its body.
local function accepted_member(member) return member .. ':a' end

-- A leased entry leaves its lane; false when it was not leased (a stale token).
local function settle_one(lane, id)
  local key = lane_key(lane)
  if redis.call('XACK', key, GROUP, id) == 0 then return false end
  redis.call('XDEL', key, id)
  return true
end

-- Expired leases and due retries become ready in the order they fell due (hand-out order on
-- ties), until about LIMIT messages moved, so that no script runs long. A lease is a range
-- first..last of one lane handed out by one call: the entries of that range still in the
-- lane are exactly those not yet settled, since settling deletes an entry and later entries
-- get higher ids. A list cut short by its LIMIT ends the merge, which keeps the order right.
local LIMIT = 1000
local function maintain()
  local expired = redis.call('ZRANGEBYSCORE', LEASES, '-inf', now_text, 'WITHSCORES', 'LIMIT', 0, LIMIT)
  local due = redis.call('ZRANGEBYSCORE', DELAYED, '-inf', now_text, 'WITHSCORES', 'LIMIT', 0, LIMIT)
  local expired_cut, due_cut = #expired == 2 * LIMIT, #due == 2 * LIMIT
  local i, j, moved = 1, 1, 0
  while moved < LIMIT do
    local more_expired, more_due = i <= #expired, j <= #due
    if (not more_expired and expired_cut) or (not more_due and due_cut) then break end
    if not more_expired and not more_due then break end
    local take_expired = not more_due
    if more_expired and more_due then
      local a, b = tonumber(expired[i + 1]), tonumber(due[j + 1])
      take_expired = a < b or (a == b and expired[i] <= due[j])
    end
    if take_expired then
      local member, stamp = expired[i], expired[i + 1]
      i = i + 2
      local first, last, lane = string.match(member, '^(%d+):(%d+):(.*)$')
      local key = lane_key(lane)
      local entries = redis.call('XRANGE', key, '0-' .. unpad(first), '0-' .. unpad(last))
      redis.call('ZREM', LEASES, member)
      for _, entry in ipairs(entries) do
        redis.call('XACK', key, GROUP, entry[1])
        redis.call('XDEL', key, entry[1])
        requeue(lane, entry[2][2], stamp, expired_handouts(entry) + 1, accepted_at(entry[2]))
      end
      moved = moved + #entries
    else
      local member, stamp = due[j], due[j + 1]
      j = j + 2
      local lane = string.match(member, '^%d+:(.*)$')
      local body = redis.call('HGET', BODIES, member)
      local accepted = redis.call('HGET', BODIES, accepted_member(member))
      redis.call('ZREM', DELAYED, member)
      redis.call('HDEL', BODIES, member, accepted_member(member))
      if body then
        requeue(lane, body, stamp, 0, accepted or stamp)
      else
        -- Deleted behind the queue's back: it is no longer held.
        redis.call('HINCRBY', META, 'held', -1)
      end
      moved = moved + 1
    end
  end
end
`;
var QUEUE_GONE = "NOQUEUE";
var REQUIRE_QUEUE = `
if redis.call('HEXISTS', META, 'schema') == 0 then
  return redis.error_reply('${QUEUE_GONE} the queue stream is gone')
end
`;
var OPEN = `${PRELUDE}
local schema = redis.call('HGET', META, 'schema')
if schema then return schema end
redis.call('HSET', META, 'schema', ARGV[3])
redis.call('HSETNX', META, 'held', 0)
redis.call('HSETNX', META, 'next', 0)
return ARGV[3]
`;
var ENQUEUE = `${PRELUDE}${REQUIRE_QUEUE}
tick()
local capacity, total = tonumber(ARGV[3]), tonumber(ARGV[4])
local room = total
if capacity >= 0 then
  room = math.min(total, capacity - tonumber(redis.call('HGET', META, 'held') or '0'))
end
if room <= 0 then return {now_text, 0} end
local accepted, i = 0, 5
while accepted < room do
  local lane, count, lengths, bodies = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3]
  local key = lane_key(lane)
  if redis.call('ZADD', LANES, 'NX', lane, lane) == 1 then
    redis.pcall('XGROUP', 'CREATE', key, GROUP, '0', 'MKSTREAM')
  end
  local take = math.min(count, room - accepted)
  local first = next_numbers(take)
  local at = 1
  -- Locals, not globals, in the loop that runs once per message.
  local call, byte, format, sub = redis.call, string.byte, string.format, string.sub
  for k = 0, take - 1 do
    local b1, b2, b3, b4 = byte(lengths, 4 * k + 1, 4 * k + 4)
    local stop = at + b1 + 256 * b2 + 65536 * b3 + 16777216 * b4
    call('XADD', key, '0-' .. format('%d', first + k), 'b', sub(bodies, at, stop - 1), 't', now_text)
    at = stop
  end
  accepted = accepted + take
  i = i + 4
end
redis.call('HINCRBY', META, 'held', accepted)
return {now_text, accepted}
`;
var LEASE = `${PRELUDE}${REQUIRE_QUEUE}
tick()
maintain()
local max = tonumber(ARGV[3])
local expires = fmt(now + tonumber(ARGV[4]))
local consumer = ARGV[5]
local out = {now_text}
local got = 0
for _, lane in ipairs(redis.call('ZREVRANGE', LANES, 0, -1)) do
  if got >= max then break end
  local reply = redis.call('XREADGROUP', 'GROUP', GROUP, consumer, 'COUNT', max - got, 'STREAMS', lane_key(lane), '>')
  if reply then
    local entries = reply[1][2]
    local ids, bodies, stamps, expired, accepted = {}, {}, {}, {}, {}
    local last_stamp, last_accepted
    for k = 1, #entries do
      local entry = entries[k]
      local fields = entry[2]
      ids[k] = entry[1]
      bodies[k] = fields[2]
      local stamp = fields[4]
      if stamp ~= last_stamp then
        stamps[#stamps + 1] = k
        stamps[#stamps + 1] = stamp
        last_stamp = stamp
      end
      local handouts = fields[6]
      if handouts and handouts ~= '0' then
        expired[#expired + 1] = k
        expired[#expired + 1] = handouts
      end
      local accepted_stamp = accepted_at(fields)
      if accepted_stamp ~= last_accepted then
        accepted[#accepted + 1] = k
        accepted[#accepted + 1] = accepted_stamp
        last_accepted = accepted_stamp
      end
    end
    out[#out + 1] = lane
    out[#out + 1] = table.concat(ids, ',')
    out[#out + 1] = table.concat(stamps, ',')
    out[#out + 1] = table.concat(expired, ',')
    out[#out + 1] = table.concat(accepted, ',')
    out[#out + 1] = bodies
    local first, last = string.sub(ids[1], 3), string.sub(ids[#ids], 3)
    redis.call('ZADD', LEASES, expires, pad(first) .. ':' .. pad(last) .. ':' .. lane)
    got = got + #entries
  end
end
return out
`;
var ACK = `${PRELUDE}${REQUIRE_QUEUE}
local acked, i = 0, 3
while i <= #ARGV do
  local lane, count, highest = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local key = lane_key(lane)
  local from, to = i + 3, i + 2 + count
  local settled = 0
  for at = from, to, LIMIT do
    settled = settled + redis.call('XACK', key, GROUP, unpack(ARGV, at, math.min(to, at + LIMIT - 1)))
  end
  if settled > 0 then
    acked = acked + settled
    -- Everything below the oldest pending entry, or else below the first entry not yet
    -- delivered, is settled: pending ids are all below the undelivered ones.
    local pending = redis.call('XPENDING', key, GROUP)
    local floor
    if pending[1] > 0 then
      floor = tonumber(string.sub(pending[2], 3))
    else
      local group = redis.call('XINFO', 'GROUPS', key)[1]
      for f = 1, #group, 2 do
        if group[f] == 'last-delivered-id' then floor = tonumber(string.sub(group[f + 1], 3)) + 1 end
      end
    end
    redis.call('XTRIM', key, 'MINID', '0-' .. string.format('%d', floor))
    if highest >= floor then
      -- Ids that were not leased are gone already: deleting them again changes nothing.
      for at = from, to, LIMIT do
        redis.call('XDEL', key, unpack(ARGV, at, math.min(to, at + LIMIT - 1)))
      end
    end
  end
  i = to + 1
end
if acked > 0 then redis.call('HINCRBY', META, 'held', -acked) end
return acked
`;
var NACK = `${PRELUDE}${REQUIRE_QUEUE}
local lane, id = ARGV[3], ARGV[4]
local entry = redis.call('XRANGE', lane_key(lane), id, id)[1]
if not settle_one(lane, id) then return 0 end
local retry_at = ARGV[5]
if not injected then
  tick()
  retry_at = fmt(now + tonumber(ARGV[5]))
end
local member = pad(string.sub(id, 3)) .. ':' .. lane
redis.call('ZADD', DELAYED, retry_at, member)
redis.call('HSET', BODIES, member, ARGV[6], accepted_member(member), accepted_at(entry[2]))
return 1
`;
var DEAD_LETTER = `${PRELUDE}${REQUIRE_QUEUE}
local lane = ARGV[3]
if not settle_one(lane, ARGV[4]) then return 0 end
redis.call('XADD', DEAD, '*', 'b', ARGV[6], 'p', lane, 'e', ARGV[5], 't', ARGV[7])
redis.call('HINCRBY', META, 'held', -1)
return 1
`;
var RELEASE = `${PRELUDE}${REQUIRE_QUEUE}
tick()
local i = 3
while i <= #ARGV do
  local lane, count = ARGV[i], tonumber(ARGV[i + 1])
  local key = lane_key(lane)
  for at = i + 3, i + 2 + count do
    local entry = redis.call('XRANGE', key, ARGV[at], ARGV[at])[1]
    if entry and settle_one(lane, ARGV[at]) then
      -- Never handed to a consumer: no hand-out to count.
      requeue(lane, entry[2][2], now_text, expired_handouts(entry), accepted_at(entry[2]))
    end
  end
  i = i + 3 + count
end
return 0
`;
var DEPTH = `${PRELUDE}${REQUIRE_QUEUE}
tick()
maintain()
local in_lanes, leased = 0, 0
for _, lane in ipairs(redis.call('ZRANGE', LANES, 0, -1)) do
  local key = lane_key(lane)
  in_lanes = in_lanes + redis.call('XLEN', key)
  leased = leased + redis.call('XPENDING', key, GROUP)[1]
end
return {in_lanes - leased, redis.call('ZCARD', DELAYED), leased, redis.call('XLEN', DEAD)}
`;
var NEXT_RETRY = `${PRELUDE}${REQUIRE_QUEUE}
tick()
maintain()
local first = redis.call('ZRANGE', DELAYED, 0, 0, 'WITHSCORES')
return {now_text, first[2] or false}
`;
var SNAPSHOT = `${PRELUDE}${REQUIRE_QUEUE}
tick()
local out = {now_text}
for _, lane in ipairs(redis.call('ZRANGE', LANES, 0, -1)) do
  local entries = redis.call('XRANGE', lane_key(lane), '-', '+')
  if #entries > 0 then
    local stamps, bodies = {}, {}
    local last_stamp
    for k, entry in ipairs(entries) do
      local stamp = entry[2][4]
      if stamp ~= last_stamp then
        stamps[#stamps + 1] = k
        stamps[#stamps + 1] = stamp
        last_stamp = stamp
      end
      bodies[k] = entry[2][2]
    end
    out[#out + 1] = lane
    out[#out + 1] = table.concat(stamps, ',')
    out[#out + 1] = bodies
  end
end
local delayed = redis.call('ZRANGE', DELAYED, 0, -1, 'WITHSCORES')
for k = 1, #delayed, 2 do
  local body = redis.call('HGET', BODIES, delayed[k])
  if body then
    out[#out + 1] = string.match(delayed[k], '^%d+:(.*)$')
    out[#out + 1] = '1,' .. delayed[k + 1]
    out[#out + 1] = {body}
  end
end
return out
`;
var FORGET_CONSUMER = `${PRELUDE}
for _, lane in ipairs(redis.call('ZRANGE', LANES, 0, -1)) do
  local key = lane_key(lane)
  local pending = redis.pcall('XPENDING', key, GROUP, '-', '+', 1, ARGV[3])
  if type(pending) == 'table' and not pending.err and #pending == 0 then
    redis.pcall('XGROUP', 'DELCONSUMER', key, GROUP, ARGV[3])
  end
end
return 0
`;
var PURGE = `${PRELUDE}
local removed = 0
for _, lane in ipairs(redis.call('ZRANGE', LANES, 0, -1)) do
  removed = removed + redis.call('UNLINK', lane_key(lane))
end
return removed + redis.call('UNLINK', unpack(KEYS))
`;

// dist/queue/redis/replies.js
function integersIn(text) {
  const numbers = [];
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (byte === COMMA) {
      numbers.push(value);
      value = 0;
    } else if (byte === DASH)
      value = 0;
    else
      value = value * 10 + (byte - ZERO);
  }
  numbers.push(value);
  return numbers;
}
var COMMA = 44;
var DASH = 45;
var ZERO = 48;
function stampsIn(changes, count, shift) {
  const parts = changes.toString("latin1").split(",");
  const stamps = new Array(count);
  for (let p = 0; p + 1 < parts.length; p += 2) {
    const to = p + 2 < parts.length ? Number(parts[p + 2]) - 1 : count;
    stamps.fill(Number(parts[p + 1]) + shift, Number(parts[p]) - 1, to);
  }
  return stamps;
}
function countsIn(changes, count) {
  const counts = new Array(count).fill(0);
  if (changes.length === 0)
    return counts;
  const pairs = integersIn(changes);
  for (let p = 0; p + 1 < pairs.length; p += 2) {
    counts[pairs[p] - 1] = pairs[p + 1];
  }
  return counts;
}

// dist/queue/redis/scripts.js
import { createHash } from "node:crypto";
import { ErrorReply, RESP_TYPES } from "@redis/client";
var BUFFER_REPLIES = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } };
var LuaScript = class {
  source;
  sha;
  constructor(source) {
    this.source = source;
    this.sha = createHash("sha1").update(source).digest("hex");
  }
  /**
   * Runs the script with bulk-string replies as Buffers. An error the script raised rejects as
   * Redis said it ({@link ErrorReply}); a lost connection is the link's business (waited out,
   * then a `RedisFault`).
   */
  async run(link, keys, args) {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await link.send(["EVALSHA", this.sha, ...tail], BUFFER_REPLIES);
    } catch (error) {
      if (!isNoScript(error))
        throw error;
      return await link.send(["EVAL", this.source, ...tail], BUFFER_REPLIES);
    }
  }
};
function sendForBuffers(link, args) {
  return link.send(args, BUFFER_REPLIES);
}
function isNoScript(error) {
  return error instanceof ErrorReply && error.message.startsWith("NOSCRIPT");
}

// dist/queue/redis/server-clock.js
var MAX_DRIFT = 5e-4;
var ServerClock = class {
  offset = 0;
  bound = Number.POSITIVE_INFINITY;
  at = 0;
  /**
   * Learn from a call sent at `sent` and answered at `received` (this process' clock) that
   * read `serverNow` on the server; returns the best offset known.
   */
  observe(serverNow, sent, received) {
    const bound = (received - sent) / 2;
    const aged = this.bound + (received - this.at) * MAX_DRIFT;
    if (bound <= aged) {
      this.offset = (sent + received) / 2 - serverNow;
      this.bound = bound;
      this.at = received;
    }
    return this.offset;
  }
};

// dist/queue/redis/store.js
var MAX_PER_SCRIPT = 1e3;
function encodeBatch(messages) {
  const lanes = new Array(messages.length);
  for (let i = 0; i < messages.length; i++)
    lanes[i] = laneName(messages[i].priority);
  return { ...encodeMessages(messages), lanes };
}
var RedisLease = class {
  message;
  token;
  constructor(message, token) {
    this.message = message;
    this.token = token;
  }
};
var SCRIPTS = {
  open: new LuaScript(OPEN),
  enqueue: new LuaScript(ENQUEUE),
  lease: new LuaScript(LEASE),
  ack: new LuaScript(ACK),
  nack: new LuaScript(NACK),
  deadLetter: new LuaScript(DEAD_LETTER),
  release: new LuaScript(RELEASE),
  depth: new LuaScript(DEPTH),
  nextRetry: new LuaScript(NEXT_RETRY),
  snapshot: new LuaScript(SNAPSHOT),
  forgetConsumer: new LuaScript(FORGET_CONSUMER),
  purge: new LuaScript(PURGE)
};
var RedisStore = class {
  link;
  keys;
  consumer;
  now;
  serverClock = new ServerClock();
  constructor(link, keys, consumer, now) {
    this.link = link;
    this.keys = keys;
    this.consumer = consumer;
    this.now = now;
  }
  /**
   * Marks the stream as a queue unless it is one.
   *
   * @throws {ConfigError} when its keys hold something else or another layout version.
   */
  async open() {
    let schema;
    try {
      schema = await this.run(SCRIPTS.open, [SCHEMA_VERSION]);
    } catch (error) {
      if (error instanceof RedisFault && error.message.includes("WRONGTYPE")) {
        throw new ConfigError(`${this.describe()} is not a swarm-stress queue: its keys hold other data`);
      }
      throw error;
    }
    if (schema.toString() !== SCHEMA_VERSION) {
      throw new ConfigError(`${this.describe()} has queue layout ${schema.toString()}, not ${SCHEMA_VERSION}; use the swarm-stress that made it`);
    }
  }
  /** The stream and server in messages, password hidden. */
  describe() {
    const { target, db } = this.link.target;
    return `Redis stream "${this.keys.stream}" at ${target}/${db}`;
  }
  /** Stores as many of `batch[from..to)` as fit under `capacity`, in order; returns how many. */
  async insert(batch, from, to, capacity) {
    const args = [
      capacity === Number.POSITIVE_INFINITY ? "-1" : String(capacity),
      String(to - from)
    ];
    const { lanes, bytes, ends } = batch;
    for (let i = from; i < to; ) {
      const lane = lanes[i];
      let end = i + 1;
      while (end < to && lanes[end] === lane)
        end++;
      const lengths = Buffer.allocUnsafe(4 * (end - i));
      const first = i === 0 ? 0 : ends[i - 1];
      for (let k = i, at = first; k < end; k++) {
        lengths.writeUInt32LE(ends[k] - at, 4 * (k - i));
        at = ends[k];
      }
      args.push(lane, String(end - i), lengths, bytes.subarray(first, ends[end - 1]));
      i = end;
    }
    const reply = await this.run(SCRIPTS.enqueue, args);
    return reply[1];
  }
  /**
   * Hands out up to `max` ready messages (at most {@link MAX_PER_SCRIPT}), highest priority
   * first, FIFO within a priority, after expired leases and due retries became ready.
   */
  async lease(max, visibilityMs) {
    const count = Math.min(Math.floor(max), MAX_PER_SCRIPT);
    if (!(count >= 1))
      return [];
    const sent = nowMs();
    const reply = await this.run(SCRIPTS.lease, [
      String(count),
      String(visibilityMs),
      this.consumer
    ]);
    const shift = this.offset(reply[0], sent);
    const leases = [];
    for (let at = 1; at < reply.length; at += 6) {
      const numbers = integersIn(reply[at + 1]);
      const stamps = stampsIn(reply[at + 2], numbers.length, shift);
      const expired = countsIn(reply[at + 3], numbers.length);
      const accepted = stampsIn(reply[at + 4], numbers.length, shift);
      const priority = Number(reply[at].toString());
      decodeMessages(reply[at + 5], priority, { stamps, accepted }, (message, i) => {
        message.attempts += 1 + expired[i];
        leases.push(new RedisLease(message, numbers[i]));
      });
    }
    return leases;
  }
  /** Deletes the messages of live leases among `leases[from..to)`; returns how many. */
  async ack(leases, from, to) {
    if (to <= from)
      return 0;
    return this.run(SCRIPTS.ack, entryRuns(leases, from, to), false);
  }
  /** Delays a leased message until `retryAt` with the lease's message fields; false if stale. */
  async nack(lease, retryAt) {
    const at = this.now === void 0 ? retryAt - nowMs() : retryAt;
    const args = [...entryOf(lease), String(at), encodeMessage(lease.message)];
    return await this.run(SCRIPTS.nack, args) === 1;
  }
  /** Moves a leased message to the dead letters; false if the token is stale. */
  async deadLetter(lease, error) {
    const message = lease.message;
    const args = [...entryOf(lease), error, encodeMessage(message), String(message.enqueuedAt)];
    return await this.run(SCRIPTS.deadLetter, args, false) === 1;
  }
  /** Makes leased messages ready again at once, as if their leases had expired. */
  async release(leases) {
    if (leases.length === 0)
      return;
    await this.run(SCRIPTS.release, entryRuns(leases, 0, leases.length));
  }
  /** Up to `limit` dead letters, oldest first. */
  async deadLetters(limit) {
    if (!(limit >= 1))
      return [];
    const entries = await this.send([
      "XRANGE",
      this.keys.dead,
      "-",
      "+",
      "COUNT",
      String(Math.floor(limit))
    ]);
    return entries.map(([, fields]) => ({
      message: decodeMessage(fields[1], Number(fields[3].toString()), Number(fields[7].toString())),
      error: fields[5].toString()
    }));
  }
  /** Contents by state once expired leases and due retries have become ready. */
  async depth() {
    const [ready, delayed, leased, deadLettered] = await this.run(SCRIPTS.depth, []);
    return {
      ready,
      delayed,
      leased,
      deadLettered
    };
  }
  /** Retry time of the earliest message still delayed once due ones have become ready. */
  async nextRetryAt() {
    const sent = nowMs();
    const [now, first] = await this.run(SCRIPTS.nextRetry, []);
    if (first === null || first === void 0)
      return void 0;
    return Number(first.toString()) + this.offset(now, sent);
  }
  /** Every held message (ready, delayed, leased); a delayed one stamped with its retry time. */
  async snapshot() {
    const sent = nowMs();
    const reply = await this.run(SCRIPTS.snapshot, []);
    const shift = this.offset(reply[0], sent);
    const messages = [];
    for (let at = 1; at < reply.length; at += 3) {
      const priority = Number(reply[at].toString());
      const bodies = reply[at + 2];
      const stamps = stampsIn(reply[at + 1], bodies.length, shift);
      decodeMessages(bodies, priority, { stamps }, (message) => {
        messages.push(message);
      });
    }
    return messages;
  }
  /** Leaves the lanes' consumer groups where this instance holds no lease. */
  async forgetConsumer() {
    await this.run(SCRIPTS.forgetConsumer, [this.consumer], false);
  }
  /** Deletes every key of the stream; returns how many there were. */
  purge() {
    return this.run(SCRIPTS.purge, [], false);
  }
  /**
   * Runs a script. Every failure comes out as a {@link RedisFault}: the stream gone from a
   * Redis that answers (its meta hash missing) trips the run's latch as lost state, and any
   * other error reply names the server and what it said.
   */
  async run(script, args, timed = true) {
    const clock = timed && this.now !== void 0 ? String(this.now()) : "";
    try {
      return await script.run(this.link, this.keys.fixed, [this.keys.prefix, clock, ...args]);
    } catch (error) {
      throw this.classify(error);
    }
  }
  async send(args) {
    try {
      return await sendForBuffers(this.link, args);
    } catch (error) {
      throw this.classify(error);
    }
  }
  classify(error) {
    if (!(error instanceof ErrorReply2))
      return error;
    if (error.message.startsWith(QUEUE_GONE))
      return this.link.stateLost();
    const said = error.message.split("\n")[0] ?? "";
    return new RedisFault(`${this.describe()} refused a command: ${said}`, "refused");
  }
  /**
   * What to add to a time on the script's clock to put it on the caller's: nothing with an
   * injected clock, which the script ran on; else the best estimate of the server clock's
   * offset, this call's included.
   */
  offset(serverNow, sent) {
    if (this.now !== void 0)
      return 0;
    return this.serverClock.observe(Number(serverNow.toString()), sent, nowMs());
  }
};
function entryOf(lease) {
  return [laneName(lease.message.priority), `0-${lease.token}`];
}
function entryRuns(leases, from, to) {
  const args = [];
  for (let i = from; i < to; ) {
    const lane = laneName(leases[i].message.priority);
    const countAt = args.push(lane, "", "") - 2;
    const start = i;
    let highest = 0;
    for (; i < to && laneName(leases[i].message.priority) === lane; i++) {
      const token = leases[i].token;
      if (token > highest)
        highest = token;
      args.push(`0-${token}`);
    }
    args[countAt] = String(i - start);
    args[countAt + 1] = String(highest);
  }
  return args;
}

// dist/queue/redis/redis.js
var POLL_MS = 5;
var NO_WAITS = Promise.resolve(0);
var NO_LEASES = Promise.resolve([]);
var RedisQueue = class _RedisQueue {
  link;
  store;
  /** Always `redis`. */
  name = "redis";
  /** Most messages the stream may hold at once. */
  capacity;
  /** Visibility timeout of a lease whose call names none, ms. */
  visibilityMs;
  /** The stream name. */
  stream;
  /** This instance's consumer name. */
  consumer;
  waiters = new CrossProcessWaiters(POLL_MS, {
    closed: () => this.closing !== void 0,
    pump: () => this.pump(),
    serveConsumers: () => this.serveConsumers(),
    giveUp: (consumer) => this.giveUp(consumer)
  });
  /** An enqueue script of the first producer is on its way. */
  pumping = false;
  /** Space was freed while {@link pumping}: try again at once if that script found no room. */
  freedWhilePumping = false;
  /** A lease script for the first waiting consumer is on its way. */
  serving = false;
  /** Every script on its way, so that `close` waits for them before it disconnects. */
  inFlight = /* @__PURE__ */ new Set();
  closing;
  constructor(link, store, settings) {
    this.link = link;
    this.store = store;
    this.capacity = settings.capacity;
    this.visibilityMs = settings.visibilityMs;
    this.stream = settings.stream;
    this.consumer = settings.consumer;
  }
  /**
   * Connects and opens the stream, marking it as a queue when new.
   *
   * @throws {ConfigError} when the URL or an option is bad, the stream's keys hold something
   * else, or (without `resume`) the stream still holds messages or dead letters.
   * @throws {RuntimeError} when Redis cannot be reached (down, refusing the password, no such
   * database), within `connectTimeoutMs`.
   */
  static async open(options) {
    const { capacity, visibilityMs } = checkDriverLimits(options);
    const url = typeof options.url === "string" ? parseRedisQueueUrl(options.url) : options.url;
    const stream = checkedStream(options.stream ?? url.stream);
    const consumer = options.consumer ?? defaultConsumerName();
    if (consumer === "")
      throw new ConfigError("queue consumer name must not be empty");
    const link = await RedisLink.connect(url, {
      ...options.connectTimeoutMs === void 0 ? {} : { connectTimeoutMs: options.connectTimeoutMs },
      ...options.retryWindowMs === void 0 ? {} : { retryWindowMs: options.retryWindowMs },
      ...options.latch === void 0 ? {} : { latch: options.latch },
      clientName: `swarm-stress:${consumer}`.replace(/[^\w.:-]/g, "_")
    });
    const store = new RedisStore(link, queueKeys(stream), consumer, options.now);
    try {
      await store.open();
      if (options.resume !== true)
        await refuseEarlierRun(store);
    } catch (error) {
      await link.close();
      throw error;
    }
    return new _RedisQueue(link, store, { capacity, visibilityMs, stream, consumer });
  }
  /**
   * Deletes every key of a stream (messages, leases, dead letters, counters): for tests and
   * for a distributed run that is finished with its stream. `stream` defaults to the URL's.
   * Returns how many keys there were. Instances still using the stream must be closed first.
   *
   * @throws {ConfigError} when the URL is malformed.
   * @throws {RuntimeError} when Redis cannot be reached.
   */
  static async purge(url, stream) {
    const parsed = parseRedisQueueUrl(url);
    const name = checkedStream(stream ?? parsed.stream);
    const link = await RedisLink.connect(parsed);
    try {
      return await new RedisStore(link, queueKeys(name), "", void 0).purge();
    } finally {
      await link.close();
    }
  }
  /**
   * Stores the messages in order, up to {@link MAX_PER_SCRIPT} per script, waiting behind any
   * producer already waiting and, whenever the stream is full, for room. Resolves to the
   * number of waits: 1 for the first time the call found the stream full, plus 1 each time
   * freed room took some but not all of what was left. The messages are encoded before the
   * call returns, so the caller may reuse `messages` at once.
   */
  enqueue(messages) {
    if (this.closing !== void 0)
      return this.rejectClosed();
    if (messages.length === 0)
      return NO_WAITS;
    let batch;
    try {
      batch = encodeBatch(messages);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.waiters.producers.push({
        batch,
        size: messages.length,
        next: 0,
        waits: 0,
        blocked: false,
        resolve,
        reject
      });
      this.pump();
    });
  }
  /**
   * Hands out up to `max` messages (at most {@link MAX_PER_SCRIPT}), highest priority first,
   * FIFO within a priority. Expired leases and due retries become ready first. With `waitMs`
   * and nothing ready, waits for this instance's enqueue or nack, or for a poll to find work,
   * else resolves to `[]` after `waitMs`; waiting calls are served in arrival order.
   */
  lease(max, options) {
    if (this.closing !== void 0)
      return this.rejectClosed();
    const visibilityMs = options?.visibilityMs ?? this.visibilityMs;
    const badVisibility = leaseVisibilityError(visibilityMs);
    if (badVisibility !== void 0)
      return Promise.reject(badVisibility);
    if (!(max >= 1))
      return NO_LEASES;
    const waitMs = options?.waitMs ?? 0;
    if (waitMs > 0 && this.waiters.consumerWaiting)
      return this.park(max, visibilityMs, waitMs);
    return this.track(this.store.lease(max, visibilityMs)).then((leases) => {
      if (leases.length > 0 || !(waitMs > 0))
        return leases;
      if (this.closing !== void 0)
        return [];
      return this.park(max, visibilityMs, waitMs);
    });
  }
  /** Deletes the messages for good; stale tokens are ignored. Freed room goes to waiting producers. */
  async ack(leases) {
    if (this.closing !== void 0)
      return this.rejectClosed();
    for (let from = 0; from < leases.length; from += MAX_PER_SCRIPT) {
      const to = Math.min(leases.length, from + MAX_PER_SCRIPT);
      if (await this.track(this.store.ack(leases, from, to)) > 0)
        this.roomFreed();
    }
  }
  /**
   * Delays the message until `retryAt`, storing the attempts, recipients and last error of
   * `lease.message`; a stale token is ignored. The message keeps its place in `capacity`.
   */
  async nack(lease, retryAt) {
    if (this.closing !== void 0)
      return this.rejectClosed();
    if (Number.isNaN(retryAt))
      throw new RangeError("retryAt must not be NaN");
    if (await this.track(this.store.nack(lease, retryAt)) && this.waiters.consumerWaiting) {
      this.serveConsumers();
    }
  }
  /**
   * Moves the message, as `lease.message` has it, to the stream's dead letters with `error`; a
   * stale token is ignored. Every dead letter keeps its body.
   */
  async deadLetter(lease, error) {
    if (this.closing !== void 0)
      return this.rejectClosed();
    if (await this.track(this.store.deadLetter(lease, error)))
      this.roomFreed();
  }
  /** Up to `limit` dead letters, oldest first. */
  deadLetters(limit) {
    if (this.closing !== void 0)
      return this.rejectClosed();
    return this.track(this.store.deadLetters(limit));
  }
  /** Every message held (ready, delayed, leased), in no particular order. */
  snapshot() {
    if (this.closing !== void 0)
      return this.rejectClosed();
    return this.track(this.store.snapshot());
  }
  /** Current contents by state, after expired leases and due retries have become ready. */
  depth() {
    if (this.closing !== void 0)
      return this.rejectClosed();
    return this.track(this.store.depth());
  }
  /** Retry time of the earliest message still delayed (due ones are made ready first). */
  nextRetryAt() {
    if (this.closing !== void 0)
      return this.rejectClosed();
    return this.track(this.store.nextRetryAt());
  }
  /**
   * Waits for the scripts on their way, leaves the consumer group where this instance holds no
   * lease, and disconnects; what the stream holds stays. Idempotent. Never waits on a Redis
   * that is away: the connection is cut at once (scripts on their way reject), and after a
   * fault of the run nothing more is sent.
   */
  close() {
    if (this.closing !== void 0)
      return this.closing;
    this.waiters.close(this.name);
    this.closing = (async () => {
      if (!this.link.up)
        await this.link.close();
      while (this.inFlight.size > 0)
        await Promise.allSettled([...this.inFlight]);
      if (this.link.up)
        await this.store.forgetConsumer().catch(() => {
        });
      await this.link.close();
    })();
    return this.closing;
  }
  /** Sends the next enqueue script of the first producer, unless one is on its way. */
  pump() {
    const producers = this.waiters.producers;
    const producer = producers.peek();
    if (producer === void 0 || this.pumping || this.closing !== void 0)
      return;
    this.pumping = true;
    this.freedWhilePumping = false;
    const from = producer.next;
    const to = Math.min(producer.size, from + MAX_PER_SCRIPT);
    this.track(this.store.insert(producer.batch, from, to, this.capacity)).then((stored) => {
      this.pumping = false;
      if (this.closing !== void 0)
        return;
      producer.next += stored;
      if (stored > 0 && this.waiters.consumerWaiting)
        this.serveConsumers();
      if (producer.next === producer.size) {
        producers.shift();
        producer.resolve(producer.waits);
        this.pump();
      } else if (stored < to - from) {
        if (stored > 0 || !producer.blocked)
          producer.waits++;
        producer.blocked = true;
        if (this.freedWhilePumping)
          this.pump();
        else
          this.waiters.armPoll();
      } else {
        producer.blocked = false;
        this.pump();
      }
      this.waiters.disarmPollWhenIdle();
    }, (error) => {
      this.pumping = false;
      if (this.closing !== void 0)
        return;
      producers.shift();
      producer.reject(error);
      this.pump();
    });
  }
  /** This instance freed room: a producer waiting for it goes now, not at the next poll. */
  roomFreed() {
    if (this.pumping)
      this.freedWhilePumping = true;
    else if (this.waiters.producerBlocked)
      this.pump();
  }
  park(max, visibilityMs, waitMs) {
    return new Promise((resolve, reject) => {
      const consumer = {
        max,
        visibilityMs,
        resolve,
        reject,
        timer: void 0,
        timedOut: false
      };
      this.waiters.waitForLease(consumer, waitMs);
    });
  }
  /** Sends a lease script for the first waiting consumer, unless one is on its way. */
  serveConsumers() {
    const consumer = this.waiters.consumers[0];
    if (consumer === void 0 || this.serving || this.closing !== void 0)
      return;
    this.serving = true;
    this.track(this.store.lease(consumer.max, consumer.visibilityMs)).then((leases) => {
      this.serving = false;
      if (this.closing !== void 0) {
        this.track(this.store.release(leases)).catch(() => {
        });
        return;
      }
      if (leases.length > 0 || consumer.timedOut) {
        this.waiters.drop(consumer);
        consumer.resolve(leases);
        this.serveConsumers();
      } else {
        this.waiters.armPoll();
      }
      this.waiters.disarmPollWhenIdle();
    }, (error) => {
      this.serving = false;
      if (this.closing !== void 0)
        return;
      this.waiters.drop(consumer);
      consumer.reject(error);
      this.serveConsumers();
    });
  }
  /** A long poll's wait ran out: one last look, then `[]`. */
  giveUp(consumer) {
    consumer.timer = void 0;
    if (this.serving && this.waiters.consumers[0] === consumer) {
      consumer.timedOut = true;
      return;
    }
    if (!this.waiters.drop(consumer))
      return;
    this.waiters.disarmPollWhenIdle();
    this.track(this.store.lease(consumer.max, consumer.visibilityMs)).then((leases) => {
      if (this.closing === void 0)
        consumer.resolve(leases);
      else {
        consumer.resolve([]);
        this.track(this.store.release(leases)).catch(() => {
        });
      }
    }, consumer.reject);
  }
  /** Keeps `work` in {@link inFlight} until it settles. */
  track(work) {
    this.inFlight.add(work);
    const done = () => {
      this.inFlight.delete(work);
    };
    work.then(done, done);
    return work;
  }
  rejectClosed() {
    return Promise.reject(new QueueClosedError(this.name));
  }
};
function defaultConsumerName() {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}
function checkedStream(stream) {
  const problem = streamNameProblem(stream);
  if (problem !== void 0)
    throw new ConfigError(`queue ${problem}`);
  return stream;
}
async function refuseEarlierRun(store) {
  const depth = await store.depth();
  const held = depth.ready + depth.delayed + depth.leased;
  if (held > 0) {
    throw new ConfigError(`${store.describe()} still holds ${held} message(s) from an earlier run: resume that run, purge the stream or use another one`);
  }
  if (depth.deadLettered > 0) {
    throw new ConfigError(`${store.describe()} holds ${depth.deadLettered} dead letter(s) from an earlier run: purge the stream or use another one`);
  }
}
export {
  RedisQueue
};
