// dist/util/lazy.js
import { createRequire } from "node:module";
var require2 = createRequire(import.meta.url);
function once(make) {
  let made;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
function lazyPackage(name) {
  return once(() => require2(name));
}

export {
  once,
  lazyPackage
};
