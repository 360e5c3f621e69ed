/** Chart width on paper, in CSS px: an A4 or Letter page's width inside its margins. */
export const PRINT_CHART_WIDTH_PX = 660;

/** Height of the plotting area, on screen and on paper. */
export const CHART_HEIGHT_PX = 240;

/** Id of the `<script type="application/json">` element the charts are read from. */
export const REPORT_DATA_ID = "report-data";

/**
 * The page's own script: reads the chart specs (see chart-spec.ts) and draws each with uPlot.
 * uPlot draws at a fixed size in pixels, so the script sizes every chart to its container, and
 * again on resize and before printing (when the container's print width is not laid out yet,
 * hence the constant). `window.swarmStressCharts.draw(specs)` draws more, or new data into a
 * chart already drawn, and `clear(id)` takes one away, for the live dashboard. Plain ES5-style
 * text, not compiled code: what ships is exactly this.
 */
export const CHART_CLIENT_SCRIPT = `
(function () {
  "use strict";
  var PRINT_WIDTH = ${PRINT_CHART_WIDTH_PX};
  var HEIGHT = ${CHART_HEIGHT_PX};
  var report = JSON.parse(document.getElementById("${REPORT_DATA_ID}").textContent);
  var plots = {};

  function number(v) {
    var a = Math.abs(v);
    if (a === 0) return "0";
    if (a < 1) return v.toFixed(3);
    if (a < 10) return v.toFixed(2);
    if (a < 100) return v.toFixed(1);
    return Math.round(v).toLocaleString("en-US");
  }

  function tick(v) {
    return Number(v.toPrecision(6)).toLocaleString("en-US", { maximumFractionDigits: 6 });
  }

  function percentileAt(nines, decimals) {
    return Number((100 * (1 - Math.pow(10, -nines))).toFixed(decimals)) + "%";
  }

  function yRange(u, min, max) {
    return [0, max > 0 ? max * 1.08 : 1];
  }

  function xAxis(spec) {
    var axis = { label: spec.xLabel, stroke: "#374151", grid: { stroke: "#e5e7eb" } };
    if (spec.x === "nines") {
      axis.splits = function (u, i, min, max) {
        var out = [];
        for (var n = Math.ceil(min); n <= Math.floor(max); n++) out.push(n);
        return out;
      };
      axis.values = function (u, splits) {
        return splits.map(function (n) { return percentileAt(n, Math.max(0, n - 2)); });
      };
    } else if (spec.x === "round") {
      axis.splits = function (u, i, min, max) {
        var out = [];
        for (var n = Math.ceil(min); n <= Math.floor(max); n++) out.push(n);
        return out;
      };
      axis.values = function (u, splits) {
        return splits.map(function (n) { return String(n); });
      };
    } else {
      var unit = spec.x === "rate" ? "/s" : " s";
      axis.values = function (u, splits) {
        return splits.map(function (s) { return tick(s) + unit; });
      };
    }
    return axis;
  }

  function xSeries(spec) {
    return {
      label: spec.xLabel,
      value: function (u, v, s, i) {
        if (v == null) return "-";
        var own = spec.xLabels && i != null ? spec.xLabels[i] : null;
        if (own) return own;
        if (spec.x === "nines") return percentileAt(v, 3);
        if (spec.x === "round") return "round " + v;
        return spec.x === "rate" ? v.toFixed(1) + "/s" : v.toFixed(1) + " s";
      }
    };
  }

  function options(spec, width) {
    var scales = { x: { time: false } };
    // Time starts at 0 even though the first point closes the first second.
    if (spec.x === "seconds") scales.x.range = function (u, min, max) { return [0, max]; };
    var axes = [xAxis(spec)];
    spec.axes.forEach(function (a) {
      scales[a.scale] = { range: yRange };
      axes.push({
        scale: a.scale,
        side: a.side === "right" ? 1 : 3,
        label: a.label,
        size: 64,
        stroke: "#374151",
        grid: { show: a.side !== "right", stroke: "#e5e7eb" },
        values: function (u, splits) { return splits.map(tick); }
      });
    });
    var series = [xSeries(spec)].concat(spec.series.map(function (s) {
      return {
        label: s.label,
        scale: s.scale,
        stroke: s.color,
        width: 2,
        dash: s.dashed ? [7, 4] : undefined,
        spanGaps: true,
        value: function (u, v) { return v == null ? "-" : number(v) + s.unit; }
      };
    }));
    return { width: width, height: HEIGHT, scales: scales, axes: axes, series: series };
  }

  function widthOf(element) {
    return Math.max(element.clientWidth, 240);
  }

  function signature(spec) {
    return JSON.stringify([spec.x, spec.axes, spec.series, spec.xLabels || null]);
  }

  // Draws a chart into the element of its id, or, when that element holds one drawn with the
  // same lines, gives it the new data: a live page redraws this way every second.
  function draw(spec) {
    var element = document.getElementById(spec.id);
    if (!element) return;
    var known = plots[spec.id];
    // How many points the chart holds, for whoever watches a live page (tests).
    element.setAttribute("data-points", String(spec.data[0].length));
    if (known && known.signature === signature(spec)) {
      known.plot.setData(spec.data);
      return;
    }
    if (known) known.plot.destroy();
    delete plots[spec.id];
    element.textContent = "";
    try {
      plots[spec.id] = {
        element: element,
        signature: signature(spec),
        plot: new uPlot(options(spec, widthOf(element)), spec.data, element)
      };
    } catch (error) {
      element.textContent = "This chart could not be drawn: " + error;
      console.error(error);
    }
  }

  function drawn() {
    document.body.setAttribute("data-charts-drawn", String(Object.keys(plots).length));
  }

  function fit(width) {
    Object.keys(plots).forEach(function (id) {
      var p = plots[id];
      p.plot.setSize({ width: width || widthOf(p.element), height: HEIGHT });
    });
  }

  report.charts.forEach(draw);

  var frame = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(function () { fit(); });
  });
  window.addEventListener("beforeprint", function () { fit(PRINT_WIDTH); });
  window.addEventListener("afterprint", function () { fit(); });
  window.matchMedia("print").addEventListener("change", function (event) {
    fit(event.matches ? PRINT_WIDTH : 0);
  });
  drawn();
  // For a page whose data changes (the live dashboard): draw these specs, new or updated.
  window.swarmStressCharts = {
    draw: function (specs) {
      specs.forEach(draw);
      drawn();
    },
    clear: function (id) {
      if (!plots[id]) return;
      plots[id].plot.destroy();
      delete plots[id];
      drawn();
    }
  };
})();
`;
