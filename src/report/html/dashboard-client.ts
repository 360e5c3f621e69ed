/** Id of the dashboard's status line. */
export const LIVE_STATUS_ID = "live-status";
/** Id of the place the final report's link appears in. */
export const LIVE_REPORT_ID = "live-report";
/** Id of the box holding the thresholds table. */
export const LIVE_THRESHOLDS_ID = "live-thresholds";
/** Id of the box holding the chaos table. */
export const LIVE_CHAOS_ID = "live-chaos";
/** Id of the box holding a capacity search's step table. */
export const LIVE_STEPS_ID = "live-steps";
/** Id of the box holding the command's notices (a distributed run's workers coming, going). */
export const LIVE_NOTICES_ID = "live-notices";
/** Id of the box holding a distributed run's workers as they stand. */
export const LIVE_WORKERS_ID = "live-workers";
/** Id of the box holding a benchmark suite's rows finished so far (and, at the end, its summary). */
export const LIVE_ROWS_ID = "live-rows";
/** Path of the server-sent-event stream, relative to the page. */
export const LIVE_EVENTS_PATH = "events";

/**
 * The live dashboard's own script, run after the report's chart script: it listens to the
 * server's event stream and, on each `update`, `steps`, `rows` or `notices`
 * (dashboard-update.ts), hands the charts to `window.swarmStressCharts.draw` and puts the tables in place; on `end`
 * it stops listening and offers the final report as a link to a copy held by the page, which
 * stays valid after the server has gone. The page keeps what it drew when the connection drops. A
 * chart that cannot be drawn (a search's next step, one second in) gives way to the reason.
 * Plain ES5-style text.
 */
export const DASHBOARD_CLIENT_SCRIPT = `
(function () {
  "use strict";
  var statusLine = document.getElementById("${LIVE_STATUS_ID}");
  var reportBox = document.getElementById("${LIVE_REPORT_ID}");
  var ended = false;
  var updates = 0;

  function status(state, text) {
    statusLine.setAttribute("data-state", state);
    statusLine.textContent = text;
  }

  function missing(id, reason) {
    var element = document.getElementById(id);
    if (!element) return;
    window.swarmStressCharts.clear(id);
    var line = document.createElement("p");
    line.className = "chart-missing";
    line.textContent = reason;
    element.textContent = "";
    element.appendChild(line);
  }

  // Draws an event's charts and puts its pieces of markup in place (dashboard-update.ts).
  function apply(data) {
    var specs = [];
    data.charts.forEach(function (chart) {
      if (!chart.spec) return missing(chart.id, chart.reason);
      var caption = document.getElementById(chart.id + "-caption");
      if (caption) caption.textContent = chart.spec.caption;
      specs.push(chart.spec);
    });
    window.swarmStressCharts.draw(specs);
    Object.keys(data.html).forEach(function (id) {
      var element = document.getElementById(id);
      if (element) element.innerHTML = data.html[id];
    });
  }

  function update(data) {
    apply(data);
    updates++;
    document.body.setAttribute("data-updates", String(updates));
    document.body.setAttribute("data-points", String(data.points));
    status("running", data.status);
  }

  function link(url, text, attributes) {
    var a = document.createElement("a");
    a.href = url;
    a.textContent = text;
    Object.keys(attributes).forEach(function (name) { a.setAttribute(name, attributes[name]); });
    return a;
  }

  function end(data) {
    ended = true;
    source.close();
    apply(data);
    var url = URL.createObjectURL(new Blob([data.report], { type: "text/html" }));
    reportBox.textContent = "";
    reportBox.appendChild(link(url, "Open the final report", { target: "_blank", "class": "badge big" }));
    var save = document.createElement("div");
    save.className = "note";
    save.appendChild(link(url, "save it as a file", { download: "swarm-stress-report.html" }));
    reportBox.appendChild(save);
    document.body.setAttribute("data-ended", "true");
    status("ended", statusLine.textContent + " The final report is one click away.");
  }

  var source = new EventSource("${LIVE_EVENTS_PATH}");
  source.addEventListener("update", function (event) { update(JSON.parse(event.data)); });
  ["steps", "rows", "notices"].forEach(function (name) {
    source.addEventListener(name, function (event) { apply(JSON.parse(event.data)); });
  });
  source.addEventListener("end", function (event) { end(JSON.parse(event.data)); });
  source.onerror = function () {
    if (ended) return;
    status("disconnected", "Lost the connection to the run (retrying); the charts show it up to then.");
  };
})();
`;
