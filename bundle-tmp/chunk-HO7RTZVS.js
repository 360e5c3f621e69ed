// dist/model/message.js
var MESSAGE_TYPES = ["direct", "broadcast", "hard_onboard", "soft_onboard"];
var PRIORITY_BY_TYPE = {
  hard_onboard: 3,
  soft_onboard: 2,
  direct: 1,
  broadcast: 1
};
function typesSent(weights) {
  return Object.keys(weights).filter((type) => (weights[type] ?? 0) > 0);
}

export {
  MESSAGE_TYPES,
  PRIORITY_BY_TYPE,
  typesSent
};
