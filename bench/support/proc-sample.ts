import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

/** One look at a process from outside, through the kernel's counters. */
export interface ProcessSample {
  /** Seconds since `startedAt` (this process's clock). */
  readonly atS: number;
  readonly rssMB: number;
  /** CPU seconds the process used so far, user and system. */
  readonly cpuS: number;
}

/** Clock ticks a second for /proc/PID/stat's times: 100 on Linux x86-64 and arm64. */
const TICKS_PER_SECOND = 100;

/** Resident memory and CPU time of `pid` from /proc; undefined once it is gone. */
export function sampleProcess(pid: number, startedAt: number): ProcessSample | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    // Fields after the command name (which may hold spaces, so split after its closing paren):
    // utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (!Number.isFinite(rssKb) || !Number.isFinite(ticks)) return undefined;
    return {
      atS: (performance.now() - startedAt) / 1000,
      rssMB: rssKb / 1024,
      cpuS: ticks / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}
