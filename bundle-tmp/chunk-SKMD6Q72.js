import {
  lazyPackage
} from "./chunk-DP7FM7BS.js";

// dist/util/zod.js
var loadZod = lazyPackage("zod");

export {
  loadZod
};
