import { describe, expect, it } from "vitest";
import { escapeHtml, inlineScript, jsonForScript } from "../../../src/report/html/escape.js";
import { HOSTILE } from "./support.js";

describe("escapeHtml", () => {
  it("leaves no character that starts markup or ends an attribute", () => {
    expect(escapeHtml(`${HOSTILE} "quoted" 'single' & more`)).toBe(
      "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &#39;single&#39; &amp; more",
    );
  });
});

describe("jsonForScript", () => {
  const value = { text: `${HOSTILE} & <!-- \u2028\u2029 done`, list: [1, null, "a>b"] };

  it("leaves no <, >, & or line separator in the text", () => {
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
  });

  it("parses back to exactly the value", () => {
    expect(JSON.parse(jsonForScript(value))).toEqual(value);
  });
});

describe("inlineScript", () => {
  it("neutralises a closing script tag and a comment opener in any case", () => {
    const code = 'var a = "</script>", b = "</SCRIPT >", c = "<!--";';
    const safe = inlineScript(code);
    expect(safe).not.toMatch(/<\/script/i);
    expect(safe).not.toContain("<!--");
    // Still the same string values once evaluated.
    const evaluate = new Function(`${safe}; return [a, b, c];`);
    expect(evaluate()).toEqual(["</script>", "</SCRIPT >", "<!--"]);
  });
});
