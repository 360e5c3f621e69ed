import { matrixSuite, trials } from "./matrix.js";

matrixSuite("reliability matrix on a queue file", trials("sqlite", 2));
