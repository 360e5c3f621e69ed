// dist/cli/exit-guard.js
var ExitDuringRun = class extends Error {
  code;
  name = "ExitDuringRun";
  constructor(code) {
    super(`process.exit(${code === void 0 ? "" : String(code)}) was called during the run`);
    this.code = code;
  }
};
var exitProcess = process.exit.bind(process);
function holdProcessExit(onExit) {
  const previous = process.exit;
  process.exit = ((code) => {
    onExit(code);
    throw new ExitDuringRun(code);
  });
  return () => {
    process.exit = previous;
  };
}

// dist/cli/io.js
function processIo() {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}
function writeLine(stream, line) {
  stream.write(`${line}
`);
}

export {
  ExitDuringRun,
  exitProcess,
  holdProcessExit,
  processIo,
  writeLine
};
