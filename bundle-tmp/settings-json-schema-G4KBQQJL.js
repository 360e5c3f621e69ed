import {
  SCHEMA_KEY,
  settingsJsonSchema,
  settingsJsonSchemaText
} from "./chunk-FP2YP6UV.js";
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
import "./chunk-PTSGJIAI.js";
export {
  SCHEMA_KEY,
  settingsJsonSchema,
  settingsJsonSchemaText
};
