/**
 * Where a Redis queue keeps what. Every key of one stream shares the hash tag
 * `{swarm-stress:NAME}`, so they all live in one cluster slot and each Lua script touches a
 * single slot, as Redis Cluster requires.
 *
 * - `…:meta` (hash): `schema` (layout version), `held` (ready + delayed + leased, the number
 *   capacity limits, kept exact by the scripts), `next` (the last hand-out number given), and
 *   `enqueued:ID` per producer (a driver instance; closing removes it, one that died leaves it
 *   until a purge): its last enqueue request's number, time and count, so that a repeat of it
 *   stores nothing twice.
 * - `…:lanes` (sorted set): one member per priority seen, scored by the priority, so a lease
 *   walks the lanes highest first.
 * - `…:lane:P` (stream, consumer group {@link CONSUMER_GROUP}): the messages of priority `P`,
 *   ready (not yet delivered to the group) and leased (in the group's pending list: XACK
 *   answering 0 is how a stale token shows). Entry ids are `0-N`, N from `next`, so an id is
 *   the hand-out number (the lease token) and FIFO order. Fields: `b` (the msgpack body),
 *   `t` (enqueuedAt).
 * - `…:leases` (sorted set): one member per lane a lease call took from, `FIRST:LAST:P`
 *   (numbers zero-padded so members sort in hand-out order), scored by when the lease
 *   expires; the range's entries still in the lane are its unsettled messages.
 * - `…:delayed` (sorted set) and `…:delayed:bodies` (hash): nacked messages as `N:P`, scored
 *   by their retry time, and their bodies.
 * - `…:dead` (stream): dead letters, oldest first, with fields `b` (body), `p` (priority), `e`
 *   (the error) and `t` (enqueuedAt).
 */

/** The consumer group every lane stream has; consumers in it are driver instances. */
export const CONSUMER_GROUP = "swarm-stress";

/** Layout version in `meta`; a stream with another one is refused. */
export const SCHEMA_VERSION = "1";

/** The keys of one stream, in the order the Lua scripts take them as `KEYS`. */
export interface QueueKeys {
  /** The stream name the keys are for. */
  readonly stream: string;
  /** Common start of every key, `{swarm-stress:NAME}:`; lane keys are built from it. */
  readonly prefix: string;
  /** Fixed keys passed as KEYS[1..6]: meta, lanes, leases, delayed, delayed bodies, dead. */
  readonly fixed: readonly [string, string, string, string, string, string];
  readonly meta: string;
  readonly dead: string;
}

/** The keys of the queue stored under stream name `stream`. */
export function queueKeys(stream: string): QueueKeys {
  const prefix = `{swarm-stress:${stream}}:`;
  const meta = `${prefix}meta`;
  const dead = `${prefix}dead`;
  return {
    stream,
    prefix,
    fixed: [
      meta,
      `${prefix}lanes`,
      `${prefix}leases`,
      `${prefix}delayed`,
      `${prefix}delayed:bodies`,
      dead,
    ],
    meta,
    dead,
  };
}

/** The name of a priority's lane, as its stream key ends. */
export function laneName(priority: number): string {
  return String(priority);
}
