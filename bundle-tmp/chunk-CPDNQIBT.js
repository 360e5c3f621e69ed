// dist/model/agents.js
function agentName(index) {
  return `Agent-${index + 1}`;
}
function agentNames(count) {
  return Array.from({ length: count }, (_, i) => agentName(i));
}

export {
  agentNames
};
