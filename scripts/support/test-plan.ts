/**
 * What `npm test` and `npm run test:system` run (scripts/run-tests.ts carries it out): which
 * vitest projects, in which order, which of them side by side, and what is printed around them.
 */

/** One vitest run: one project, or several that vitest runs one after the other. */
export interface VitestRun {
  readonly projects: readonly string[];
  /** The whole run (vitest's own process too, not only its forks) at the lowest priority. */
  readonly yields: boolean;
  /**
   * A line printed before the run's output. A run beside another has its output held and
   * printed after the phase, under this line, so that the two never interleave.
   */
  readonly heading?: string;
}

/** Runs that start together: the first prints as it goes, the others are held (see heading). */
export type Phase = readonly [VitestRun, ...VitestRun[]];

/** The runs of a command, phase after phase. */
export interface TestPlan {
  readonly phases: readonly Phase[];
  /** What goes to every vitest run: filters, and any other vitest option. */
  readonly vitestArgs: readonly string[];
  /** A line printed after every phase, or none. */
  readonly closing?: string;
}

/** The system files' projects: vitest runs `system` in parallel, then `system-quiet` alone. */
const SYSTEM_RUN: VitestRun = { projects: ["system", "system-quiet"], yields: false };

/**
 * The plan for the runner's arguments: `--system` runs the system files alone; anything else
 * goes to every vitest run, and a filter (any such argument) runs the system files it names
 * too, so that a filter finds any file.
 */
export function testPlan(argv: readonly string[]): TestPlan {
  const vitestArgs = argv.filter((arg) => arg !== "--system");
  if (argv.includes("--system")) return { phases: [[SYSTEM_RUN]], vitestArgs };
  const phases: Phase[] = [
    [
      { projects: ["main"], yields: true },
      {
        projects: ["timing"],
        yields: false,
        heading: "-- the timing files, run beside the main files --",
      },
    ],
    [{ projects: ["quiet"], yields: false, heading: "-- the quiet files, run alone --" }],
  ];
  if (vitestArgs.length > 0) {
    phases.push([{ ...SYSTEM_RUN, heading: "-- the system files the filter names --" }]);
    return { phases, vitestArgs };
  }
  return {
    phases,
    vitestArgs,
    closing:
      "Not run here: the system tests (processes killed, servers stopped, capacity searches " +
      "through worker processes, browsers). `npm run test:system` runs them; CI runs both.",
  };
}
