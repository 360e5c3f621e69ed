import { createHash } from "node:crypto";
import { ErrorReply, RESP_TYPES } from "./client-module.js";
import type { RedisArgument, RedisLink } from "./link.js";

/** Bulk strings as Buffers: message bodies are binary msgpack. */
const BUFFER_REPLIES = { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } };

/** What a script may take as arguments. */
export type ScriptArgument = RedisArgument;

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
   * Runs the script with bulk-string replies as Buffers. An error the script raised rejects as
   * Redis said it ({@link ErrorReply}); a lost connection is the link's business (waited out,
   * then a `RedisFault`).
   */
  async run<T>(
    link: RedisLink,
    keys: readonly string[],
    args: readonly ScriptArgument[],
  ): Promise<T> {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await link.send<T>(["EVALSHA", this.sha, ...tail], BUFFER_REPLIES);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return await link.send<T>(["EVAL", this.source, ...tail], BUFFER_REPLIES);
    }
  }
}

/** Sends one command with bulk-string replies as Buffers. */
export function sendForBuffers<T>(link: RedisLink, args: readonly ScriptArgument[]): Promise<T> {
  return link.send<T>(args, BUFFER_REPLIES);
}

function isNoScript(error: unknown): boolean {
  return error instanceof ErrorReply && error.message.startsWith("NOSCRIPT");
}
