import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatByteLimit, InputFileError, readInputFile } from "../../src/util/input-file.js";

const dir = mkdtempSync(join(tmpdir(), "swarm-stress-input-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function failure(read: () => unknown): InputFileError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(InputFileError);
    return error as InputFileError;
  }
  throw new Error("did not throw");
}

describe("readInputFile", () => {
  it("reads a regular file up to the limit, and refuses one byte more", () => {
    const path = join(dir, "ten.txt");
    writeFileSync(path, "0123456789");
    expect(readInputFile(path, 10)).toBe("0123456789");
    expect(failure(() => readInputFile(path, 9)).message).toBe(
      "it is larger than the limit of 9 bytes",
    );
  });

  it("stops at the limit when the file's size says less than it holds", () => {
    // Files under /proc report a size of 0 and hold more: only the bounded read sees it.
    expect(readInputFile("/proc/self/status", 1024 * 1024)).toMatch(/^Name:/);
    expect(failure(() => readInputFile("/proc/self/status", 16)).message).toBe(
      "it is larger than the limit of 16 bytes",
    );
  });

  it("names what is not a regular file, or not there", () => {
    expect(failure(() => readInputFile(dir, 100)).message).toBe("it is a directory");
    expect(failure(() => readInputFile("/dev/null", 100)).message).toBe(
      "it is a character device, not a regular file",
    );
    expect(failure(() => readInputFile(join(dir, "absent"), 100)).message).toBe("no such file");
  });
});

describe("formatByteLimit", () => {
  it("writes round binary sizes", () => {
    expect(formatByteLimit(1024 * 1024)).toBe("1 MiB");
    expect(formatByteLimit(256 * 1024 * 1024)).toBe("256 MiB");
    expect(formatByteLimit(4096)).toBe("4 KiB");
    expect(formatByteLimit(1000)).toBe("1000 bytes");
  });
});
