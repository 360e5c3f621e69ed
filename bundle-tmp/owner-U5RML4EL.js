import {
  QueueFileClaim,
  isAlive
} from "./chunk-P3LC74PZ.js";
import "./chunk-UZ6Z45I5.js";
import "./chunk-DP7FM7BS.js";
import "./chunk-4OEG5RSY.js";
export {
  QueueFileClaim,
  isAlive
};
