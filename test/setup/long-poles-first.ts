import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { LONG_POLES } from "./project-files.js";

/**
 * Vitest's order (by last run's durations, when its cache has them) with the known long
 * poles moved to the front: a fresh clone has no cache, and would start them wherever their
 * paths fall.
 */
export class LongPolesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = LONG_POLES.indexOf(relative(file.project.config.root, file.moduleId));
      return index === -1 ? LONG_POLES.length : index;
    };
    // Array sort is stable: the rest keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
