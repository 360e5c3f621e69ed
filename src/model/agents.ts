/** Display name of the agent at `index` (0-based): `Agent-1` … `Agent-N`. */
export function agentName(index: number): string {
  return `Agent-${index + 1}`;
}

/** Names of all `count` agents, in order. */
export function agentNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => agentName(i));
}
