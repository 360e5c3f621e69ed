import {
  exitProcess,
  writeLine
} from "./chunk-3BIR62C5.js";
import {
  ExitCode
} from "./chunk-AFAGSFCF.js";

// dist/cli/stop-signals.js
var STOP_SIGNALS = {
  SIGINT: ExitCode.Interrupted,
  SIGTERM: ExitCode.Terminated,
  SIGHUP: ExitCode.HungUp
};
function stopOnSignals(onStop, stderr, { quiet = false } = {}) {
  let stopping = false;
  const handlers = Object.keys(STOP_SIGNALS).map((signal) => {
    const handler = () => {
      if (stopping)
        exitProcess(STOP_SIGNALS[signal]);
      stopping = true;
      const again = signal === "SIGINT" ? "press Ctrl-C again" : `send ${signal} again`;
      if (!quiet) {
        writeLine(stderr, `swarm-stress: stopping on ${signal}; ${again} to quit without a result`);
      }
      onStop(signal);
    };
    process.on(signal, handler);
    return [signal, handler];
  });
  return () => {
    for (const [signal, handler] of handlers)
      process.off(signal, handler);
  };
}

export {
  STOP_SIGNALS,
  stopOnSignals
};
