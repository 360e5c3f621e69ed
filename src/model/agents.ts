/**
 * Display name of the agent at `index` (0-based): `Agent-1` … `Agent-N`.
 *
 * Every call for one index gives the same string, not an equal copy: the generator and the
 * recorder each build their list of names, and the recorder checks a message's sender and
 * recipient against its own list for every delivery. Two copies compare character by
 * character; one string compares by identity. A name used as an object's key comes back from
 * `Object.keys` as the engine's single interned copy of it (which the engine drops once unused),
 * so no list of names is kept here.
 */
export function agentName(index: number): string {
  const name = `Agent-${index + 1}`;
  return Object.keys({ [name]: 0 })[0] ?? name;
}

/** Names of all `count` agents, in order. */
export function agentNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => agentName(i));
}
