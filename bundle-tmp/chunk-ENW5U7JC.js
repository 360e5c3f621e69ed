// dist/cli/command-list.js
var COMMANDS = {
  run: {
    description: "run a stress test, print a summary and save the result as JSON",
    usage: "[options]"
  },
  capacity: {
    description: "find the highest arrival rate the pipeline sustains under an SLO: ramp, bisect, confirm",
    usage: "[options]"
  },
  scenarios: {
    description: "list the built-in scenarios and their settings",
    usage: "[options]"
  },
  bench: {
    description: "run the benchmark suite, print one table and save every result",
    usage: "[options]"
  },
  queue: {
    description: "look into and repair a durable queue file, or purge a Redis queue stream",
    usage: ""
  },
  report: {
    description: "turn a saved result into a self-contained HTML report, and judge it again",
    usage: "[options] <result>"
  },
  compare: {
    description: "compare two saved results (or two capacity searches) figure by figure: better, worse or the same",
    usage: "[options] <base> <candidate>"
  },
  worker: {
    description: "join a distributed run and deliver its messages (see docs/distributed.md)",
    usage: "[options]"
  },
  schema: {
    description: "print the JSON Schema of config files, for editors' checks and completion",
    usage: ""
  }
};
function isCommandName(name) {
  return name !== void 0 && Object.hasOwn(COMMANDS, name);
}

export {
  COMMANDS,
  isCommandName
};
