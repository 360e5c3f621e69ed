import {
  connectRunStore,
  openRunQueue,
  runFinished,
  streamOwner
} from "./chunk-JOB5VCV5.js";
import "./chunk-T3WPMGMO.js";
import "./chunk-UU2IJIGQ.js";
import "./chunk-QLQAZYYH.js";
import "./chunk-QDXHEC6X.js";
import "./chunk-PTSGJIAI.js";
import "./chunk-4OEG5RSY.js";
export {
  connectRunStore,
  openRunQueue,
  runFinished,
  streamOwner
};
