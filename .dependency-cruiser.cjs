// The layers of src/, lowest first: a folder may import its own layer and those below it, never
// one above. `npm run lint` checks this (and that there are no cycles) with dependency-cruiser;
// docs/architecture.md says what each layer holds. Tests, benches and scripts may import anything.
const LAYERS = [
  "util",
  "model",
  "config",
  "result",
  "queue",
  "workload",
  "metrics",
  "delivery",
  "agents",
  "processor",
  "thresholds",
  "distributed",
  "run",
  "capacity",
  "compare",
  "report",
  "cli",
];

const folder = (name) => `^src/${name}/`;

/** One rule per layer: nothing in it imports a layer above it. */
const upward = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `no-upward-from-${layer}`,
  comment: `${layer} sits below ${LAYERS.slice(index + 1).join(", ")}: it may not import them`,
  severity: "error",
  from: { path: folder(layer) },
  to: { path: `^src/(${LAYERS.slice(index + 1).join("|")})/` },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "a cycle, even of types only, ties its modules into one: break it",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "errors-is-a-leaf",
      comment: "src/errors.ts sits with util, at the bottom: it imports util only",
      severity: "error",
      from: { path: "^src/errors\\.ts$" },
      to: { path: "^src/", pathNot: "^src/util/" },
    },
    {
      name: "nothing-imports-the-index",
      comment: "src/index.ts is the public surface, for users only",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^src/index\\.ts$" },
    },
    {
      name: "only-the-index-imports-api",
      comment: "src/api/ holds the public functions behind src/index.ts: nothing else uses them",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(index\\.ts$|api/)" },
      to: { path: "^src/api/" },
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Type-only imports count: a type cycle is a cycle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
