import {
  inspectQueue,
  requeueDead
} from "./chunk-RYU5MIY6.js";
import "./chunk-FZDD7BRQ.js";
import "./chunk-HIGQFWUQ.js";
import "./chunk-QCUIJKYM.js";
import "./chunk-P3LC74PZ.js";
import "./chunk-UZ6Z45I5.js";
import "./chunk-DP7FM7BS.js";
import "./chunk-4OEG5RSY.js";
export {
  inspectQueue,
  requeueDead
};
