// Preloaded (`node --import`) into a process whose peak memory bench/startup.ts reports: on
// exit it writes the process's peak resident set size, in KB, to the file PEAK_RSS_FILE names.
// Node.js offers no peak RSS of a child, only of the process itself.
import { writeFileSync } from "node:fs";

const file = process.env.PEAK_RSS_FILE;
if (file) {
  process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
