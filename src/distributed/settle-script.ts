/**
 * Records final outcomes, first settle wins, in one atomic step per batch: a bit per message
 * says it settled (and another that it was dead-lettered), and counters by type and by sender
 * count it once, whichever worker settled it and whether that worker lives to report it.
 * Returns, for each message that had already settled, its sequence number and whether it was
 * dead-lettered then.
 *
 * A request sent again because the connection broke while it was on its way may have run
 * already: each store instance numbers its requests, the script keeps the last number and
 * reply of each, and a repeat of that number gets the same reply and changes nothing.
 *
 * KEYS: settled bitmap, dead bitmap, outcome counters, last requests.
 * ARGV: the store instance, its request number, then per message four values: seq, "d"
 * (delivered) or "x" (dead-lettered), type, sender.
 */
export const SETTLE_SCRIPT = `
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
