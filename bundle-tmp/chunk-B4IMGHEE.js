// dist/distributed/protocol.js
var LOCAL_WORKER_ENV = "SWARM_STRESS_LOCAL_WORKER";

export {
  LOCAL_WORKER_ENV
};
