// dist/config/open-load-defaults.js
var DEFAULT_ARRIVALS = "uniform";
var DEFAULT_MAX_BACKLOG = 1e6;

export {
  DEFAULT_ARRIVALS,
  DEFAULT_MAX_BACKLOG
};
