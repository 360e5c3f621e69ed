// dist/result/result.js
var RESULT_SCHEMA = "swarm-stress/result@1";

export {
  RESULT_SCHEMA
};
