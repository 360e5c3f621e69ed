import {
  MIN_STEP_MESSAGES,
  SET_PER_STEP,
  findCapacity
} from "./chunk-6T53GSNY.js";
import "./chunk-FY5IDOOG.js";
import "./chunk-6VDVUGPV.js";
import "./chunk-JWV35FVX.js";
import "./chunk-DRKPRUOT.js";
import "./chunk-CPDNQIBT.js";
import "./chunk-JP37R37F.js";
import "./chunk-J7LXEMII.js";
import "./chunk-EFPR5QAB.js";
import "./chunk-ORGCXR74.js";
import "./chunk-XXDQU5QZ.js";
import "./chunk-SKMD6Q72.js";
import "./chunk-QWIFIVGU.js";
import "./chunk-5J5BT47B.js";
import "./chunk-NVC7T5PM.js";
import "./chunk-HO7RTZVS.js";
import "./chunk-7RRR65MG.js";
import "./chunk-W6F7X4K4.js";
import "./chunk-2K75BOFE.js";
import "./chunk-WFQQAGZ5.js";
import "./chunk-ORQZRYVU.js";
import "./chunk-ANFZG24T.js";
import "./chunk-QCUIJKYM.js";
import "./chunk-UZ6Z45I5.js";
import "./chunk-DP7FM7BS.js";
import "./chunk-QDXHEC6X.js";
import "./chunk-PTSGJIAI.js";
import "./chunk-4OEG5RSY.js";
export {
  MIN_STEP_MESSAGES,
  SET_PER_STEP,
  findCapacity
};
