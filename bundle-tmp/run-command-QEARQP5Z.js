import {
  registerRunCommand,
  runCommand,
  verdictCode
} from "./chunk-427QE2FD.js";
import "./chunk-EONON7L2.js";
import "./chunk-EBXN3DO2.js";
import "./chunk-QAA4TCKH.js";
import "./chunk-BYJNKJCJ.js";
import "./chunk-SSGSMYJ7.js";
import "./chunk-R2YFIYUW.js";
import "./chunk-PU4L2BJ7.js";
import "./chunk-3BIR62C5.js";
import "./chunk-SQPFNCAQ.js";
import "./chunk-ENW5U7JC.js";
import "./chunk-URGUNIOF.js";
import "./chunk-ZX2PIGHC.js";
import "./chunk-SP4OURFW.js";
import "./chunk-PJUSC7PT.js";
import "./chunk-JP37R37F.js";
import "./chunk-J7LXEMII.js";
import "./chunk-XQMIZCX6.js";
import "./chunk-34TKQEUL.js";
import "./chunk-EFPR5QAB.js";
import "./chunk-ASG4BG2V.js";
import "./chunk-DDCKLXIA.js";
import "./chunk-ORGCXR74.js";
import "./chunk-KZNHWGSP.js";
import "./chunk-AFAGSFCF.js";
import "./chunk-FP2YP6UV.js";
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
import "./chunk-ANFZG24T.js";
import "./chunk-DP7FM7BS.js";
import "./chunk-QDXHEC6X.js";
import "./chunk-PTSGJIAI.js";
import "./chunk-4OEG5RSY.js";
export {
  registerRunCommand,
  runCommand,
  verdictCode
};
