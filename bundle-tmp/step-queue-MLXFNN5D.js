import {
  parseQueueSpec
} from "./chunk-ORGCXR74.js";
import "./chunk-QDXHEC6X.js";
import "./chunk-PTSGJIAI.js";
import "./chunk-4OEG5RSY.js";

// dist/capacity/step-queue.js
import { rm } from "node:fs/promises";
function stepQueue(setting, tag, index) {
  const spec = parseQueueSpec(setting);
  const suffix = `capacity-${tag}-${index}`;
  switch (spec.kind) {
    case "memory":
      return { queue: setting, discard: async () => {
      } };
    case "sqlite": {
      const path = `${spec.path}.${suffix}`;
      return {
        queue: `sqlite:${path}`,
        discard: async () => {
          for (const file of [path, `${path}-wal`, `${path}-shm`]) {
            await rm(file, { force: true }).catch(() => {
            });
          }
        }
      };
    }
    case "redis": {
      const queue = withStream(setting, `${spec.stream}-${suffix}`);
      return {
        queue,
        discard: async () => {
          const { RedisQueue } = await import("./redis-2M3UROQB.js");
          await RedisQueue.purge(queue).catch(() => {
          });
        }
      };
    }
  }
}
function withStream(url, stream) {
  const [base = url, query = ""] = url.split("?", 2);
  const others = query.split("&").filter((pair) => pair !== "" && !pair.startsWith("stream="));
  return `${base}?${[...others, `stream=${encodeURIComponent(stream)}`].join("&")}`;
}
export {
  stepQueue
};
