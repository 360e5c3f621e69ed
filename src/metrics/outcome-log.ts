import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { MessageType } from "../model/message.js";
import { makeDirectories } from "../util/make-directories.js";

/** The final outcome of one message: one line of a `--record` file. */
export interface OutcomeRecord {
  readonly id: string;
  readonly seq: number;
  readonly type: MessageType;
  readonly sender: string;
  /** The message's original recipients, not just those left on its last attempt. */
  readonly recipients: readonly string[];
  readonly attempts: number;
  readonly outcome: "delivered" | "dead_lettered";
  /** From the scheduled send time to this outcome. */
  readonly endToEndMs: number;
  /** Enqueue to lease, of the last lease. */
  readonly queueWaitMs: number;
  /** Of the last attempt; for a broadcast, its slowest recipient. */
  readonly deliveryMs: number;
  /** Reason of the last failure, for a dead letter. */
  readonly error?: string;
  /** Recipients still undelivered when the message was dead-lettered. */
  readonly failedRecipients?: readonly string[];
}

/** Records are batched into chunks of about this size before they reach the stream. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The stream buffers a few chunks before asking for a drain; at the 16 KiB default every 64 KiB
 * chunk would report backpressure and stall the run on each flush.
 */
const HIGH_WATER_MARK = 1024 * 1024;

function describeOpenError(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reason =
    code === "EISDIR"
      ? "it is a directory"
      : code === "ENOTDIR"
        ? "a parent of it is not a directory"
        : code === "EACCES" || code === "EPERM" || code === "EROFS"
          ? "permission denied"
          : error instanceof Error
            ? error.message
            : String(error);
  return new Error(`Cannot record outcomes to ${path}: ${reason}`, { cause: error });
}

/**
 * Streams one NDJSON line per message outcome to a file while the run goes on, so recording a
 * run of millions of messages costs a 64 KiB chunk of memory, not one object per message.
 *
 * The writer calls {@link write} for each outcome and, when {@link needsDrain} is true, awaits
 * {@link drain} before writing more, which slows the run to the disk's pace rather than
 * buffering without bound. A write error (disk full, say) stops recording; {@link drain} and
 * {@link close} then reject with it, so the run itself can still finish and report.
 */
export class OutcomeLog {
  private chunk = "";
  private closing: Promise<void> | undefined;
  private failure: Error | undefined;

  private constructor(
    /** Absolute path of the file being written. */
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on("error", (error) => {
      this.failure ??= new Error(`Recording outcomes to ${path} failed: ${error.message}`, {
        cause: error,
      });
    });
  }

  /**
   * Opens `path` for writing, creating its parent directories and truncating an existing file.
   * Rejects, naming the path, when it is a directory or cannot be written.
   */
  static async open(path: string): Promise<OutcomeLog> {
    const absolute = resolve(path);
    try {
      await makeDirectories(dirname(absolute));
      // Opening a directory for writing fails with EISDIR on Linux but not everywhere.
      const existing = await stat(absolute).catch(() => undefined);
      if (existing?.isDirectory()) {
        throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
      }
      const stream = createWriteStream(absolute, {
        flags: "w",
        encoding: "utf8",
        highWaterMark: HIGH_WATER_MARK,
      });
      await once(stream, "open");
      return new OutcomeLog(absolute, stream);
    } catch (error) {
      throw describeOpenError(path, error);
    }
  }

  /** True while the stream holds more than its high-water mark: await {@link drain} before writing more. */
  get needsDrain(): boolean {
    return this.stream.writableNeedDrain;
  }

  /** Appends one record. Cheap: it only grows an in-memory chunk until the chunk is worth a write. */
  write(record: OutcomeRecord): void {
    if (this.closing !== undefined) throw new Error(`OutcomeLog ${this.path} is closed`);
    if (this.failure !== undefined) return;
    // Listing the fields keeps the line shape fixed even when the caller passes a richer object.
    this.chunk += `${JSON.stringify({
      id: record.id,
      seq: record.seq,
      type: record.type,
      sender: record.sender,
      recipients: record.recipients,
      attempts: record.attempts,
      outcome: record.outcome,
      endToEndMs: record.endToEndMs,
      queueWaitMs: record.queueWaitMs,
      deliveryMs: record.deliveryMs,
      error: record.error,
      failedRecipients: record.failedRecipients,
    })}\n`;
    if (this.chunk.length >= CHUNK_CHARS) this.flush();
  }

  /** Resolves when the stream has written its buffer down (at once if it need not). */
  async drain(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (!this.stream.writableNeedDrain) return;
    await new Promise<void>((resolveDrain, reject) => {
      const onDrain = () => {
        this.stream.off("close", onClose);
        resolveDrain();
      };
      // An error destroys the stream, which then closes without ever draining.
      const onClose = () => {
        this.stream.off("drain", onDrain);
        reject(this.failure ?? new Error(`OutcomeLog ${this.path} closed before draining`));
      };
      this.stream.once("drain", onDrain);
      this.stream.once("close", onClose);
    });
  }

  /** Flushes what is buffered, ends the stream and resolves once the file is complete and closed. */
  close(): Promise<void> {
    this.closing ??= this.finish();
    return this.closing;
  }

  private flush(): void {
    if (this.chunk.length === 0) return;
    this.stream.write(this.chunk);
    this.chunk = "";
  }

  private async finish(): Promise<void> {
    if (this.failure === undefined) this.flush();
    this.chunk = "";
    if (!this.stream.closed) {
      // 'close' rather than 'finish': the data is on disk and the descriptor released.
      const closed = new Promise<void>((resolveClose) => this.stream.once("close", resolveClose));
      this.stream.end();
      await closed;
    }
    if (this.failure !== undefined) throw this.failure;
  }
}
