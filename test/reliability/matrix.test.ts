import { matrixSuite, trials } from "./matrix.js";

matrixSuite("reliability matrix in one process and on a queue file", [
  ...trials("memory", 1),
  ...trials("sqlite", 2),
]);
