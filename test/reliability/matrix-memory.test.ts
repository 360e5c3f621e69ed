import { matrixSuite, trials } from "./matrix.js";

matrixSuite("reliability matrix in one process", trials("memory", 1));
