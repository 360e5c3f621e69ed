import { createHash } from "node:crypto";
import { ErrorReply, RESP_TYPES } from "redis";
import { RuntimeError } from "../errors.js";
import { lostLine, type RedisConnection } from "./redis-connection.js";

/** Bulk strings as Buffers: message bodies are binary msgpack. */
const BUFFER_REPLIES = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } };

/** What a script may take as arguments. */
export type ScriptArgument = string | Buffer;

/**
 * A Lua script called by its SHA1 (`EVALSHA`), so the source crosses the wire only the first
 * time a server sees it, or again after its script cache was flushed (a restart, a failover).
 */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  /**
   * Runs the script with bulk-string replies as Buffers. A failure to reach Redis becomes a
   * {@link RuntimeError} naming `target`; an error the script raised stays as Redis said it.
   */
  async run<T>(
    client: RedisConnection,
    target: { readonly target: string },
    keys: readonly string[],
    args: readonly ScriptArgument[],
  ): Promise<T> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      try {
        return (await client.sendCommand(["EVALSHA", this.sha, ...tail], BUFFER_REPLIES)) as T;
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return (await client.sendCommand(["EVAL", this.source, ...tail], BUFFER_REPLIES)) as T;
      }
    } catch (error) {
      throw asQueueError(error, target);
    }
  }
}

/** Sends one command with bulk-string replies as Buffers, failures as {@link asQueueError}. */
export async function sendForBuffers<T>(
  client: RedisConnection,
  target: { readonly target: string },
  args: readonly ScriptArgument[],
): Promise<T> {
  try {
    return (await client.sendCommand(args, BUFFER_REPLIES)) as T;
  } catch (error) {
    throw asQueueError(error, target);
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

/**
 * An error Redis replied with (a script's, a wrong key type) passes unchanged; anything else
 * means the connection is gone, which the run cannot go on without: a {@link RuntimeError}.
 */
export function asQueueError(error: unknown, target: { readonly target: string }): Error {
  if (error instanceof RuntimeError) return error;
  if (error instanceof ErrorReply) return error;
  return new RuntimeError(lostLine(target, error));
}
