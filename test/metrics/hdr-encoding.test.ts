import { deflateSync } from "node:zlib";
import * as hdr from "hdr-histogram-js";
import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "../../src/metrics/histogram.js";
import { seededRandom } from "../support/seeded-random.js";

const HIGHEST = 3_600_000_000;
const PERCENTILES = [0, 1, 25, 50, 90, 99, 99.9, 99.99, 100];

/** hdr-histogram-js, the library results were written with before, as the reference. */
function reference(digits: 1 | 2 | 3, useWebAssembly: boolean): hdr.Histogram {
  if (useWebAssembly) hdr.initWebAssemblySync();
  return hdr.build({
    useWebAssembly,
    bitBucketSize: 64,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST,
    autoResize: false,
    numberOfSignificantValueDigits: digits,
  });
}

/** Microsecond values spread over six orders of magnitude, with zeros and a long tail. */
function values(seed: number, count: number): number[] {
  const random = seededRandom(seed);
  const out: number[] = [0, 0, 1, HIGHEST];
  for (let i = 0; i < count; i++) out.push(Math.floor(random() ** 6 * 5e8));
  return out;
}

describe("HdrHistogram V2 encoding", () => {
  for (const useWebAssembly of [false, true]) {
    it(`reads what hdr-histogram-js (${useWebAssembly ? "WebAssembly" : "JavaScript"}) wrote`, () => {
      const theirs = reference(3, useWebAssembly);
      const mine = new LatencyHistogram();
      for (const us of values(7, 20_000)) {
        theirs.recordValue(us);
        mine.record(us / 1000);
      }
      const decoded = LatencyHistogram.decode(hdr.encodeIntoCompressedBase64(theirs));
      expect(decoded.count).toBe(theirs.totalCount);
      for (const p of PERCENTILES) {
        expect(decoded.percentile(p), `p${p}`).toBe(theirs.getValueAtPercentile(p) / 1000);
      }
      expect(decoded.summary().mean).toBeCloseTo(theirs.mean / 1000, 9);
      // Read back, it encodes to the same counts as the histogram recorded here.
      expect(decoded.encode()).toBe(mine.encode());
      theirs.destroy();
    });
  }

  it("writes what hdr-histogram-js reads, count for count", () => {
    const mine = new LatencyHistogram();
    for (const us of values(11, 30_000)) mine.record(us / 1000);
    const theirs = hdr.decodeFromCompressedBase64(mine.encode(), 64, false);
    expect(theirs.totalCount).toBe(mine.count);
    for (const p of PERCENTILES) {
      expect(theirs.getValueAtPercentile(p) / 1000, `p${p}`).toBe(mine.percentile(p));
    }
  });

  it("round-trips counts above 2^32 and empty histograms", () => {
    const big = new LatencyHistogram();
    big.addEncoded(bigCounts());
    expect(big.count).toBe(3 * 2 ** 33 + 5);
    expect(LatencyHistogram.decode(big.encode()).count).toBe(big.count);
    const empty = LatencyHistogram.decode(new LatencyHistogram().encode());
    expect(empty.count).toBe(0);
    expect(empty.summary().max).toBe(0);
  });

  it("reads a histogram of another precision value by value", () => {
    const theirs = reference(2, false);
    for (const us of values(5, 5000)) theirs.recordValue(us);
    const decoded = LatencyHistogram.decode(hdr.encodeIntoCompressedBase64(theirs));
    expect(decoded.count).toBe(theirs.totalCount);
    for (const p of [50, 90, 99]) {
      const expected = theirs.getValueAtPercentile(p) / 1000;
      // Each of their 1%-wide buckets lands on its lowest value in a 0.1%-wide one.
      expect(Math.abs(decoded.percentile(p) - expected) / expected).toBeLessThan(0.011);
    }
  });

  it("rejects what is not an encoded histogram, with an error rather than a hang", () => {
    const good = new LatencyHistogram();
    good.record(5);
    const encoded = good.encode();
    const bytes = Buffer.from(encoded, "base64");
    const cases = {
      empty: "",
      "not base64 of a histogram": "aGVsbG8gd29ybGQ=",
      "cut short": bytes.subarray(0, bytes.length - 4).toString("base64"),
      "wrong cookie": Buffer.concat([Buffer.from([0, 0, 0, 0]), bytes.subarray(4)]).toString(
        "base64",
      ),
      "a run of empty slots beyond its range": zeroRun(2 ** 40),
    };
    for (const [name, text] of Object.entries(cases)) {
      expect(() => LatencyHistogram.decode(text), name).toThrow();
    }
  });
});

/** An encoding (via hdr-histogram-js) with counts too large for 32 bits. */
function bigCounts(): string {
  const theirs = reference(3, false);
  theirs.recordValueWithCount(1000, 2 ** 33);
  theirs.recordValueWithCount(2000, 2 ** 34);
  theirs.recordValueWithCount(7, 5);
  return hdr.encodeIntoCompressedBase64(theirs);
}

/** A well-formed encoding whose payload claims `zeros` empty slots. */
function zeroRun(zeros: number): string {
  const header = Buffer.alloc(40);
  header.writeUInt32BE(0x1c849313, 0);
  header.writeUInt32BE(3, 12);
  header.writeUInt32BE(1, 20);
  header.writeUInt32BE(HIGHEST, 28);
  let rest = zeros * 2 - 1;
  const payload: number[] = [];
  while (rest >= 0x80) {
    payload.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  payload.push(rest);
  header.writeUInt32BE(payload.length, 4);
  const compressed = deflateSync(Buffer.concat([header, Buffer.from(payload)]));
  const outer = Buffer.alloc(8);
  outer.writeUInt32BE(0x1c849314, 0);
  outer.writeUInt32BE(compressed.length, 4);
  return Buffer.concat([outer, compressed]).toString("base64");
}
