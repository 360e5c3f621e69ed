import {
  DurableRunState,
  readSavedConfig
} from "./chunk-ORQZRYVU.js";
import "./chunk-UZ6Z45I5.js";
import "./chunk-DP7FM7BS.js";
import "./chunk-4OEG5RSY.js";
export {
  DurableRunState,
  readSavedConfig
};
