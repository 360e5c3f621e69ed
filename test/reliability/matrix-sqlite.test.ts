import { matrixSuite, trials } from "./matrix.js";

// Side by side: each trial has its own file, and spends much of its time being killed and
// started again.
matrixSuite("reliability matrix on a queue file", trials("sqlite", 2), { concurrent: true });
