import type { Distribution } from "../model/distributions.js";
import type { AgentBehaviour } from "./behaviour.js";

/** How many agents of a swarm misbehave, and how. */
export interface ChaosAgents {
  /** Agents that take every delivery and never answer. */
  readonly dead: number;
  /** Agents up for a period, then down (failing everything) for as long, and so on. */
  readonly flapping: number;
  readonly flapPeriodMs: number;
  /** Agents that answer after this slower service time. */
  readonly slow: number;
  readonly slowDelay: Distribution;
  /** Agents that answer a share of their messages as done but keep no receipt: lost. */
  readonly dropping: number;
  readonly dropRate: number;
  /** Agents that record a share of their messages twice: duplicated. */
  readonly duplicating: number;
  readonly duplicateRate: number;
}

/** The behaviours of the misbehaving agents, by name, and a line saying who they are. */
export interface ChaosPlan {
  readonly behaviours: ReadonlyMap<string, AgentBehaviour>;
  /** `Agent-10 dead; Agent-8..Agent-9 flapping every 2000 ms; …`, or undefined for none. */
  readonly said: string | undefined;
}

/**
 * Which agents misbehave: taken from the end of the swarm, the dead last, then the flapping,
 * the slow, the dropping and the duplicating, so the first agents stay healthy and the same
 * names misbehave every time. Each misbehaving agent keeps the swarm's other settings (`base`).
 * The dropping and duplicating agents are there to be caught: `run --verify` finds the
 * messages they lost or took twice against the harness's own count.
 *
 * @throws {RangeError} when more agents are asked to misbehave than the swarm has.
 */
export function planChaos(
  names: readonly string[],
  chaos: ChaosAgents,
  base: AgentBehaviour,
): ChaosPlan {
  const total = chaos.dead + chaos.flapping + chaos.slow + chaos.dropping + chaos.duplicating;
  if (total > names.length) {
    throw new RangeError(
      `${total} misbehaving agents asked for, but the swarm has ${names.length}`,
    );
  }
  const behaviours = new Map<string, AgentBehaviour>();
  const said: string[] = [];
  let end = names.length;
  const take = (count: number, behaviour: AgentBehaviour, what: string) => {
    if (count === 0) return;
    const group = names.slice(end - count, end);
    end -= count;
    for (const name of group) behaviours.set(name, { ...base, ...behaviour });
    const who = group.length === 1 ? group[0] : `${group[0]}..${group.at(-1)}`;
    said.push(`${who} ${what}`);
  };
  take(chaos.dead, { dead: true }, "dead (never answer)");
  take(
    chaos.flapping,
    { flapPeriodMs: chaos.flapPeriodMs },
    `flapping (up, then failing, every ${chaos.flapPeriodMs} ms)`,
  );
  take(chaos.slow, { delay: chaos.slowDelay }, "slow");
  take(
    chaos.dropping,
    { dropRate: chaos.dropRate },
    `dropping (${percent(chaos.dropRate)} of messages answered done, no receipt kept)`,
  );
  take(
    chaos.duplicating,
    { duplicateRate: chaos.duplicateRate },
    `duplicating (${percent(chaos.duplicateRate)} of messages taken twice)`,
  );
  return { behaviours, said: said.length === 0 ? undefined : said.join("; ") };
}

/** `10%`, `0.5%`: a share as the flags take it. */
function percent(share: number): string {
  return `${Number((share * 100).toFixed(2))}%`;
}
