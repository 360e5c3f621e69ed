import { describe, expect, it } from "vitest";
import { formatSummary } from "../../src/report/console.js";
import { safeForTerminal } from "../../src/report/terminal-text.js";
import { sampleResult } from "../fixtures/result.js";

describe("safeForTerminal", () => {
  it("drops what could move the cursor or retitle the window, keeps lines, tabs and colours", () => {
    expect(safeForTerminal("a\u001b[2J\u001b]0;pwned\u0007b\rc\u0000d")).toBe("a[2J]0;pwnedbcd");
    expect(safeForTerminal("x\tY\n\u001b[31mred\u001b[0m")).toBe("x\tY\n\u001b[31mred\u001b[0m");
    expect(safeForTerminal("\u009b6n é ✓")).toBe("6n é ✓");
  });

  it("guards the summary of a hand-edited result", () => {
    const hostile = sampleResult({
      config: { ...sampleResult().config, scenario: "evil\u001b]0;title\u0007\rname" },
      warnings: ["line\u001b[1Aup"],
    });
    const text = formatSummary(hostile);
    expect(text).toContain("evil]0;titlename");
    expect(text).toContain("line[1Aup");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the point
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});
