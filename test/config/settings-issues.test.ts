import { describe, expect, it } from "vitest";
import { describeIssue } from "../../src/config/settings-issues.js";
import { suggest } from "../../src/model/suggest.js";

describe("suggest", () => {
  const keys = ["agents", "batchSize", "messagesPerAgent", "seed"];
  it("finds slips of case, dashes and spelling, and nothing far off", () => {
    expect(suggest("batch-size", keys)).toBe("batchSize");
    expect(suggest("BATCHSIZE", keys)).toBe("batchSize");
    expect(suggest("agnets", keys)).toBe("agents");
    expect(suggest("messagesPerAgnt", keys)).toBe("messagesPerAgent");
    expect(suggest("colour", keys)).toBeUndefined();
  });
});

describe("describeIssue", () => {
  it("keeps a message written in the schema", () => {
    expect(describeIssue({ code: "custom", path: [], message: "at least one", input: 1 })).toBe(
      "at least one",
    );
  });
});
