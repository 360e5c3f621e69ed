/**
 * The Lua scripts of the Redis queue, one per operation. Each runs atomically on the server, so
 * any number of driver instances, on any number of machines, may share a stream: the capacity
 * check and the held counter, leases and their expiry, settles and their stale-token checks
 * never interleave. See `redis-keys.ts` for the layout they work on.
 *
 * Every script takes KEYS = meta, lanes, leases, delayed, delayed bodies, dead, and
 * ARGV[1] = the key prefix (lane keys are built from it: they share the hash tag, so they are
 * in the same cluster slot) and ARGV[2] = the driver's clock, epoch ms, or '' for the server's
 * own (TIME), which keeps lease expiry and retries free of clock skew between machines.
 *
 * Every script that works on the stream's contents first checks that its meta hash is there
 * (REQUIRE_QUEUE), so a Redis that lost the stream fails the call instead of serving an empty
 * queue.
 *
 * Times go in and out as text: Lua would print a number with 14 significant digits, which
 * rounds a fractional epoch-ms stamp; `%.17g` and Redis' own score text do not.
 */

import { CONSUMER_GROUP } from "./keys.js";

/** Shared by every script: keys, the clock, member parsing, making messages ready again. */
const PRELUDE = `
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

/** The error code a script answers with when the stream's meta hash is gone. */
export const QUEUE_GONE = "NOQUEUE";

/**
 * Refuses to work on a stream whose meta hash is gone. Only OPEN makes it and only PURGE
 * deletes it, so a missing one means Redis lost the stream behind the queue's back (restarted
 * without persistence, flushed): carrying on would quietly make a fresh, empty queue and lose
 * every message the stream held.
 */
const REQUIRE_QUEUE = `
if redis.call('HEXISTS', META, 'schema') == 0 then
  return redis.error_reply('${QUEUE_GONE} the queue stream is gone')
end
`;

/**
 * Marks a stream as a queue of this layout unless it is one already. Returns the layout
 * version it holds. ARGV[3] = the version this driver writes.
 */
export const OPEN = `${PRELUDE}
local schema = redis.call('HGET', META, 'schema')
if schema then return schema end
redis.call('HSET', META, 'schema', ARGV[3])
redis.call('HSETNX', META, 'held', 0)
redis.call('HSETNX', META, 'next', 0)
return ARGV[3]
`;

/**
 * Stores as many messages as fit under the capacity, in order, stamped now. ARGV[3] = the
 * producer (a driver instance's own id), ARGV[4] = this request's number from it, ARGV[5] =
 * capacity (-1: none), ARGV[6] = message count, then runs of one priority: lane, count, the
 * bodies' lengths (4 bytes each, little-endian), the bodies end to end. One argument per run
 * rather than per message: far less for client and server to frame and parse.
 * Returns {now, accepted}.
 *
 * A repeat of the producer's last request, which the link sends again when the connection
 * broke before the reply came back, gets that request's reply and stores nothing: the
 * messages are in the stream once, however often the script was sent.
 */
export const ENQUEUE = `${PRELUDE}${REQUIRE_QUEUE}
local producer, request = 'enqueued:' .. ARGV[3], ARGV[4]
local last = redis.call('HGET', META, producer)
if last then
  local number, at, count = string.match(last, '^(%S+) (%S+) (%S+)$')
  if number == request then return {at, tonumber(count)} end
end
tick()
local capacity, total = tonumber(ARGV[5]), tonumber(ARGV[6])
local room = total
if capacity >= 0 then
  room = math.min(total, capacity - tonumber(redis.call('HGET', META, 'held') or '0'))
end
-- Nothing stored: a repeat may store what fits by then, as a first try would.
if room <= 0 then return {now_text, 0} end
local accepted, i = 0, 7
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
redis.call('HSET', META, producer, request .. ' ' .. now_text .. ' ' .. accepted)
return {now_text, accepted}
`;

/**
 * Hands out up to ARGV[3] ready messages, highest lane first, to consumer ARGV[5], after
 * expired leases and due retries became ready; what one lane gives is one lease range, lapsing
 * ARGV[4] ms from now. Returns {now, then per lane: lane, entry ids (0-N, N the hand-out
 * number) joined by commas, the enqueuedAt stamps as changes, the expired hand-outs not in the
 * body likewise, the times the queue first accepted them as changes, the bodies as a list}.
 * Changes are `position,value` pairs joined by commas, positions counting the lane's entries
 * from 1: a stamp holds from its position on until the next, an expired count is at its
 * position only (none elsewhere).
 *
 * The shape spares the script work, which costs more here than in the client: the bodies go
 * back as the list they came in rather than joined (joining them took about a sixth of the
 * script's time; Redis writes a list's strings straight into the reply), ids go back whole (the
 * client skips their `0-`), and stamps, nearly all equal within a lease, and expired counts,
 * nearly all none, only where they change.
 */
export const LEASE = `${PRELUDE}${REQUIRE_QUEUE}
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

/**
 * Deletes the leased entries among ARGV[3..], given as runs of one lane: lane, count, the
 * highest hand-out number among them, that many entry ids; ids no longer leased (stale
 * tokens) are left alone. Returns how many it deleted.
 *
 * Acks mostly settle a lane's oldest entries, so rather than delete each one (XDEL looks every
 * id up), it cuts the lane below its oldest entry still held (XTRIM MINID), which drops whole
 * blocks of entries at once; only when some acked entry sits above that cut (an older lease
 * still out) are the ids deleted one by one.
 */
export const ACK = `${PRELUDE}${REQUIRE_QUEUE}
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

/**
 * Delays the leased entry ARGV[4] of lane ARGV[3] until ARGV[5] (epoch ms on the driver's
 * clock, or ms from now on the server's), storing body ARGV[6] and when the queue first
 * accepted the message. Returns 0 for a stale lease, else 1.
 */
export const NACK = `${PRELUDE}${REQUIRE_QUEUE}
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

/**
 * Moves the leased entry ARGV[4] of lane ARGV[3] to the dead letters with error ARGV[5], body
 * ARGV[6] and enqueuedAt ARGV[7]. Returns 0 for a stale lease, else 1.
 */
export const DEAD_LETTER = `${PRELUDE}${REQUIRE_QUEUE}
local lane = ARGV[3]
if not settle_one(lane, ARGV[4]) then return 0 end
redis.call('XADD', DEAD, '*', 'b', ARGV[6], 'p', lane, 'e', ARGV[5], 't', ARGV[7])
redis.call('HINCRBY', META, 'held', -1)
return 1
`;

/**
 * Makes the leased entries among ARGV[3..] (runs as ACK takes them) ready again now, as if their
 * leases had expired: for leases taken by a long poll that was closed before it could hand
 * them over.
 */
export const RELEASE = `${PRELUDE}${REQUIRE_QUEUE}
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

/**
 * Contents by state after expired leases and due retries became ready (any the per-call limit
 * left over still count as leased or delayed). Leased is what the lanes' consumer group has
 * pending (XPENDING), ready the rest of the lanes' entries (XLEN). Returns {ready, delayed,
 * leased, dead}.
 */
export const DEPTH = `${PRELUDE}${REQUIRE_QUEUE}
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

/**
 * What the stream holds as stored, moving nothing (for `queue inspect`): {now, layout, delayed,
 * due, expired, dead, earliest retry time or false, oldest accepted time or false, then per
 * lane: lane, entries not handed out, entries pending, delayed}. `expired` counts the unsettled
 * entries of lease ranges past their time, still pending until a driver makes them ready.
 */
export const PEEK = `${PRELUDE}${REQUIRE_QUEUE}
tick()
local expired = 0
for _, member in ipairs(redis.call('ZRANGEBYSCORE', LEASES, '-inf', now_text)) do
  local first, last, lane = string.match(member, '^(%d+):(%d+):(.*)$')
  expired = expired + #redis.call('XRANGE', lane_key(lane), '0-' .. unpad(first), '0-' .. unpad(last))
end
local delayed_in = {}
for _, member in ipairs(redis.call('ZRANGE', DELAYED, 0, -1)) do
  local lane = string.match(member, '^%d+:(.*)$')
  delayed_in[lane] = (delayed_in[lane] or 0) + 1
end
local first_retry = redis.call('ZRANGE', DELAYED, 0, 0, 'WITHSCORES')
local oldest = false
local rows = {}
for _, lane in ipairs(redis.call('ZRANGE', LANES, 0, -1)) do
  local key = lane_key(lane)
  local pending = redis.call('XPENDING', key, GROUP)[1]
  local head = redis.call('XRANGE', key, '-', '+', 'COUNT', 1)[1]
  if head then
    local accepted = tonumber(accepted_at(head[2]))
    if not oldest or accepted < oldest then oldest = accepted end
  end
  rows[#rows + 1] = lane
  rows[#rows + 1] = redis.call('XLEN', key) - pending
  rows[#rows + 1] = pending
  rows[#rows + 1] = delayed_in[lane] or 0
end
local out = {now_text, redis.call('HGET', META, 'schema'), redis.call('ZCARD', DELAYED),
  redis.call('ZCOUNT', DELAYED, '-inf', now_text), expired, redis.call('XLEN', DEAD),
  first_retry[2] or false, oldest and fmt(oldest) or false}
for _, value in ipairs(rows) do out[#out + 1] = value end
return out
`;

/** After due retries became ready: {now, earliest retry time or false}. */
export const NEXT_RETRY = `${PRELUDE}${REQUIRE_QUEUE}
tick()
maintain()
local first = redis.call('ZRANGE', DELAYED, 0, 0, 'WITHSCORES')
return {now_text, first[2] or false}
`;

/**
 * Every held message: {now, then per group: lane, enqueuedAt stamps as changes (as LEASE sends
 * them), the bodies as a list}; a delayed message comes as a group of one, stamped with its
 * retry time.
 */
export const SNAPSHOT = `${PRELUDE}${REQUIRE_QUEUE}
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

/**
 * Removes consumer ARGV[3] from every lane's group if it holds no lease there, so streams used
 * by many short-lived processes do not collect consumers, and forgets producer ARGV[4]'s last
 * enqueue request.
 */
export const FORGET_CONSUMER = `${PRELUDE}
redis.call('HDEL', META, 'enqueued:' .. ARGV[4])
for _, lane in ipairs(redis.call('ZRANGE', LANES, 0, -1)) do
  local key = lane_key(lane)
  local pending = redis.pcall('XPENDING', key, GROUP, '-', '+', 1, ARGV[3])
  if type(pending) == 'table' and not pending.err and #pending == 0 then
    redis.pcall('XGROUP', 'DELCONSUMER', key, GROUP, ARGV[3])
  end
end
return 0
`;

/** Deletes every key of the stream. Returns how many keys there were. */
export const PURGE = `${PRELUDE}
local removed = 0
for _, lane in ipairs(redis.call('ZRANGE', LANES, 0, -1)) do
  removed = removed + redis.call('UNLINK', lane_key(lane))
end
return removed + redis.call('UNLINK', unpack(KEYS))
`;
