// Preloaded (`node --import`) into a process whose peak memory a benchmark reports: on exit it
// writes to the file PEAK_RSS_FILE names, as JSON, the kernel's high-water mark of the
// process's resident memory (getrusage's maxrss, KB: the kernel's figure, not one the harness
// samples) and, on Linux, how much of the resident memory at that moment was the node binary's
// own pages (KB; its machine code and data, backed by the file and shared with every other
// node process, not memory the process allocated). Node.js offers no peak RSS of a child, only
// of the process itself.
import { readFileSync, realpathSync, writeFileSync } from "node:fs";

function binaryPagesKB() {
  try {
    const binary = realpathSync(process.execPath);
    let kb = 0;
    for (const mapping of readFileSync("/proc/self/smaps", "utf8").split(/\n(?=[0-9a-f]+-)/)) {
      const header = mapping.slice(0, mapping.indexOf("\n"));
      if (!header.endsWith(binary)) continue;
      const rss = /\nRss:\s+(\d+) kB/.exec(mapping);
      if (rss) kb += Number(rss[1]);
    }
    return kb;
  } catch {
    return null;
  }
}

const file = process.env.PEAK_RSS_FILE;
if (file) {
  process.on("exit", () => {
    const memory = { maxRssKB: process.resourceUsage().maxRSS, binaryPagesKB: binaryPagesKB() };
    writeFileSync(file, JSON.stringify(memory));
  });
}
