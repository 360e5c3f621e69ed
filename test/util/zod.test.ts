import { describe, expect, it } from "vitest";
import { loadZod } from "../../src/util/zod.js";

// That a run loads none of zod's locales but English is test/startup-modules.test.ts's to show,
// in a process of its own; here, that deferring them changes nothing zod does.
describe("zod, loaded without its locales", () => {
  it("speaks English, as it does with them", () => {
    const { z } = loadZod();
    const parsed = z.strictObject({ agents: z.number() }).safeParse({ agents: "4", extra: 1 });
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([
      "Invalid input: expected number, received string",
      'Unrecognized key: "extra"',
    ]);
  });

  it("still gives a locale asked for, loading them then", () => {
    const { z } = loadZod();
    expect(Object.keys(z.locales)).toEqual(expect.arrayContaining(["en", "de", "fr", "ja"]));
    const german = z.locales.de().localeError;
    const issue = { code: "invalid_type", expected: "number", input: "4" } as const;
    expect(typeof german).toBe("function");
    expect(String(german?.(issue as Parameters<NonNullable<typeof german>>[0]))).toContain(
      "Ungültige Eingabe",
    );
  });
});
