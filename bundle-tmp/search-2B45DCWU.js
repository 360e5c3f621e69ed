// dist/capacity/search.js
var LOWEST_RATE = 1;
async function searchCapacity(measure, bounds) {
  const held = [];
  let good;
  let bad;
  const end = (verdict) => outcome(verdict, good, bad, held);
  let rate = Math.min(bounds.startRate, bounds.maxRate);
  for (; ; ) {
    const verdict = await measure(rate, "ramp");
    if (verdict === "stopped")
      return end("stopped");
    if (verdict === "harness-limited")
      return end("harness-limited");
    if (verdict === "sustained") {
      good = rate;
      held.push(rate);
      if (bad !== void 0)
        break;
      if (rate >= bounds.maxRate)
        return end("at maximum");
      rate = Math.min(rate * 2, bounds.maxRate);
    } else {
      bad = rate;
      if (good !== void 0)
        break;
      const lower = rate / 2;
      if (lower < (bounds.minRate ?? LOWEST_RATE))
        return end("none sustained");
      rate = lower;
    }
  }
  while (good !== void 0 && bad !== void 0 && (bad - good) / good > bounds.resolution) {
    const middle = (good + bad) / 2;
    const verdict = await measure(middle, "bisect");
    if (verdict === "stopped")
      return end("stopped");
    if (verdict === "harness-limited")
      return end("harness-limited");
    if (verdict === "sustained") {
      good = middle;
      held.push(middle);
    } else {
      bad = middle;
    }
  }
  const found = good;
  const confirmed = await measure(found, "confirm");
  if (confirmed === "stopped")
    return end("stopped");
  if (confirmed === "harness-limited")
    return end("harness-limited");
  if (confirmed === "sustained")
    return end("found");
  return {
    verdict: "unconfirmed",
    sustainedRate: null,
    range: [Math.max(0, ...held.filter((r) => r < found)), found],
    firstFailingRate: found
  };
}
function outcome(verdict, good, bad, held) {
  const best = good ?? (held.length > 0 ? Math.max(...held) : void 0);
  return {
    verdict,
    sustainedRate: best ?? null,
    range: null,
    firstFailingRate: bad ?? null
  };
}
export {
  searchCapacity
};
