import {
  holds
} from "./chunk-J7LXEMII.js";

// dist/thresholds/evaluate.js
function metricValue(result, segments) {
  let node = result;
  for (const segment of segments) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, segment))
      return null;
    node = node[segment];
  }
  if (typeof node === "boolean")
    return node ? 1 : 0;
  return typeof node === "number" && Number.isFinite(node) ? node : null;
}
function measuredValue(result, segments) {
  const value = metricValue(result, segments);
  const summary = segments.slice(0, -1);
  if (value !== null && summary.includes("latency") && segments.at(-1) !== "count") {
    if (metricValue(result, [...summary, "count"]) === 0)
      return null;
  }
  return value;
}
function evaluateThresholds(thresholds, result, abortedBy = /* @__PURE__ */ new Set()) {
  return thresholds.map((threshold) => {
    const value = measuredValue(result, threshold.resolved.segments);
    const aborted = abortedBy.has(threshold.expression);
    const outcome = {
      expression: threshold.expression,
      metric: threshold.metric,
      operator: threshold.operator,
      limit: threshold.limit,
      value,
      unit: threshold.resolved.unit
    };
    if (aborted)
      return { ...outcome, passed: false, abortedRun: true };
    if (result.stoppedEarly)
      return { ...outcome, passed: false, partial: true };
    return {
      ...outcome,
      passed: value !== null && holds(value, threshold.operator, threshold.limit)
    };
  });
}

export {
  evaluateThresholds
};
