/**
 * Records final outcomes, first settle wins, in one atomic step per batch: a bit per message
 * says it settled (and another that it was dead-lettered), and counters by type and by sender
 * count it once, whichever worker settled it and whether that worker lives to report it.
 * Returns, for each message that had already settled, its sequence number and whether it was
 * dead-lettered then.
 *
 * KEYS: settled bitmap, dead bitmap, outcome counters.
 * ARGV: per message, four values: seq, "d" (delivered) or "x" (dead-lettered), type, sender.
 */
export const SETTLE_SCRIPT = `
local settled, dead, counters = KEYS[1], KEYS[2], KEYS[3]
local out = {}
for i = 1, #ARGV, 4 do
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
return out
`;
