// dist/cli/terminal.js
function useColor(stream, env) {
  return stream.isTTY === true && !env.NO_COLOR;
}

export {
  useColor
};
