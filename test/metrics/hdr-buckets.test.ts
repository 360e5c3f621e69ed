import * as hdr from "hdr-histogram-js";
import { describe, expect, it } from "vitest";
import { HdrBuckets } from "../../src/metrics/hdr-buckets.js";
import { seededRandom } from "../support/seeded-random.js";

const HIGHEST = 3_600_000_000;

describe("HdrBuckets", () => {
  for (const digits of [1, 2, 3] as const) {
    it(`matches HdrHistogram's own buckets at ${digits} digit(s)`, () => {
      const layout = new HdrBuckets(digits, HIGHEST);
      const reference = hdr.build({
        useWebAssembly: false,
        bitBucketSize: 64,
        lowestDiscernibleValue: 1,
        highestTrackableValue: HIGHEST,
        autoResize: false,
        numberOfSignificantValueDigits: digits,
      }) as unknown as {
        lowestEquivalentValue(v: number): number;
        highestEquivalentValue(v: number): number;
        medianEquivalentValue(v: number): number;
      };
      const values = [0, 1, 2, 31, 32, 1023, 1024, 2047, 2048, 2049, 4096, 2 ** 31, 3e9, HIGHEST];
      const random = seededRandom(digits);
      for (let i = 0; i < 5000; i++) values.push(Math.floor(random() ** 4 * HIGHEST));
      for (const value of values) {
        const index = layout.indexOf(value);
        expect(index).toBeLessThan(layout.length);
        const lowest = layout.lowestValueAt(index);
        expect(lowest, String(value)).toBe(reference.lowestEquivalentValue(value));
        expect(layout.indexOf(lowest)).toBe(index);
        expect(layout.highestValueAt(index)).toBe(reference.highestEquivalentValue(value));
        expect(layout.middleValueAt(index)).toBe(reference.medianEquivalentValue(value));
      }
    });
  }
});
