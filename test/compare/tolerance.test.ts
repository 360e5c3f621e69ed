import { describe, expect, it } from "vitest";
import { DEFAULT_TOLERANCE, parseTolerance } from "../../src/compare/tolerance.js";
import { ConfigError } from "../../src/errors.js";

function failure(text: string): ConfigError {
  try {
    parseTolerance(text);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`"${text}" was accepted`);
}

describe("parseTolerance", () => {
  it("reads percentages and fractions", () => {
    expect(parseTolerance("5%")).toBe(0.05);
    expect(parseTolerance("0.05")).toBe(0.05);
    expect(parseTolerance("2.5%")).toBe(0.025);
    expect(parseTolerance(".1")).toBe(0.1);
    expect(parseTolerance(" 10 % ")).toBe(0.1);
    expect(parseTolerance("0")).toBe(0);
    expect(parseTolerance("0%")).toBe(0);
    expect(parseTolerance("999%")).toBe(9.99);
    expect(DEFAULT_TOLERANCE).toBe(0.05);
  });

  it("refuses anything else with one line naming --tolerance", () => {
    for (const text of ["", "abc", "-5%", "5%%", "5 percent", "1e-2", "1000%", "5", "1.5"]) {
      const error = failure(text);
      expect(error.message, text).toMatch(/^--tolerance: /);
      expect(error.message, text).not.toMatch(/\n/);
    }
    expect(failure("abc").message).toBe(
      '--tolerance: expected a change such as 5% or 0.05, got "abc"',
    );
    expect(failure("1000%").message).toBe('--tolerance: must be below 1000%, got "1000%"');
  });

  it("refuses a bare number of 1 or more instead of guessing between 5% and 500%", () => {
    expect(failure("5").message).toBe(
      '--tolerance: "5" is ambiguous; write 5% for a percentage, or 500% if you mean 5×',
    );
  });
});
