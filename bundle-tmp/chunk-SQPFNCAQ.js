// dist/report/terminal-text.js
function safeForTerminal(text) {
  return text.replace(/\u001b(?!\[[0-9;]*m)/g, "").replace(/[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]/g, "");
}

export {
  safeForTerminal
};
