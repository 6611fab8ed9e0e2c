// The statistics dashboard's charts (Chart.js 4, vendored), drawn from the data that the page
// carries in <script type="application/json"> elements (json_script), one per chart:
//   <canvas data-chart-data="ID">  +  <script id="ID" type="application/json">{...}</script>
//   {type: "bar"|"line", horizontal, title, labels: [...], limit: 3,
//    datasets: [{label, values: [number or "<3", ...]}]}
// A suppressed count ("<3", for leadership) never arrives as a number: it is drawn as a hatched
// bar (or a hollow point) up to the highest value it may hide, labelled "<3". Every chart's
// figures are also in a table on the page, so nothing depends on this script.
(function () {
  "use strict";

  if (typeof window.Chart === "undefined") {
    return;
  }

  var COLOURS = ["#4a2472", "#0a58ca", "#b35900", "#1b7f4c", "#a3195b", "#5c636a"];

  function isSuppressed(value) {
    return typeof value === "string";
  }

  function hatch(colour) {
    var tile = document.createElement("canvas");
    tile.width = 8;
    tile.height = 8;
    var ctx = tile.getContext("2d");
    ctx.strokeStyle = colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(0, 8);
    ctx.lineTo(8, 0);
    ctx.moveTo(-2, 2);
    ctx.lineTo(2, -2);
    ctx.moveTo(6, 10);
    ctx.lineTo(10, 6);
    ctx.stroke();
    return ctx.createPattern(tile, "repeat");
  }

  // Writes "<3" next to every suppressed bar or point, so that it reads without a tooltip.
  var suppressedLabels = {
    id: "suppressedLabels",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      var horizontal = chart.options.indexAxis === "y";
      ctx.save();
      ctx.fillStyle = "#212529";
      ctx.font = "600 12px system-ui, sans-serif";
      ctx.textAlign = horizontal ? "left" : "center";
      ctx.textBaseline = horizontal ? "middle" : "bottom";
      chart.data.datasets.forEach(function (dataset, index) {
        var meta = chart.getDatasetMeta(index);
        if (meta.hidden) {
          return;
        }
        dataset.shownValues.forEach(function (value, i) {
          var element = meta.data[i];
          if (!isSuppressed(value) || !element) {
            return;
          }
          if (horizontal) {
            ctx.fillText(value, element.x + 4, element.y);
          } else {
            ctx.fillText(value, element.x, element.y - 4);
          }
        });
      });
      ctx.restore();
    }
  };

  function dataset(spec, series, index) {
    var colour = COLOURS[index % COLOURS.length];
    var highest = Math.max(spec.limit - 1, 0);
    var values = series.values;
    // "<3" is drawn up to the highest value it may hide; "x" (hidden beside it) is not drawn.
    var drawn = values.map(function (value) {
      if (!isSuppressed(value)) { return value; }
      return value.charAt(0) === "<" ? highest : 0;
    });
    var built = {
      label: series.label,
      data: drawn,
      shownValues: values,
      borderColor: colour,
      borderWidth: spec.type === "line" ? 2 : 1
    };
    if (spec.type === "line") {
      built.backgroundColor = colour;
      built.tension = 0.2;
      built.pointRadius = values.map(function (value) { return isSuppressed(value) ? 5 : 3; });
      built.pointBackgroundColor = values.map(function (value) { return isSuppressed(value) ? "#ffffff" : colour; });
      built.segment = {
        borderDash: function (ctx) {
          return isSuppressed(values[ctx.p0DataIndex]) || isSuppressed(values[ctx.p1DataIndex]) ? [4, 4] : undefined;
        }
      };
    } else {
      var pattern = hatch(colour);
      built.backgroundColor = values.map(function (value) { return isSuppressed(value) ? pattern : colour; });
    }
    return built;
  }

  // A long label on the side of a narrow chart is cut at the canvas' edge: it breaks into lines
  // of about ``width`` characters at spaces instead.
  function wrap(label, width) {
    var lines = [];
    String(label).split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= width) {
        lines[last] += " " + word;
      } else {
        lines.push(word);
      }
    });
    return lines.length > 1 ? lines : label;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart-data"));
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    // In a narrow box (a phone, half a laptop) a bar chart lies on its side: its labels read across
    // instead of standing up and taking the height of the bars.
    var horizontal = Boolean(spec.horizontal) || (spec.type === "bar" && canvas.parentNode.clientWidth < 576);
    var valueAxis = horizontal ? "x" : "y";
    // The box's height, not the width, sets the chart's: each label keeps its bars' room however
    // narrow the phone (an aspect ratio squashed the violence forms to a sliver at 360 px).
    var box = canvas.parentNode;
    var perLabel = Math.max(spec.datasets.length, 1) * 16 + 12;
    box.style.height = (horizontal ? Math.max(280, spec.labels.length * perLabel + 120) : 320) + "px";
    var scales = {};
    scales[valueAxis] = { beginAtZero: true, ticks: { precision: 0 } };
    new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: horizontal ? spec.labels.map(function (label) { return wrap(label, 16); }) : spec.labels,
        datasets: spec.datasets.map(function (series, index) { return dataset(spec, series, index); })
      },
      options: {
        locale: document.documentElement.lang || "id",
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        layout: { padding: { top: 18, right: horizontal ? 28 : 8 } },  // room for the "<3" labels
        scales: scales,
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var shown = ctx.dataset.shownValues[ctx.dataIndex];
                var value = isSuppressed(shown) ? shown : ctx.formattedValue;
                return ctx.dataset.label + ": " + value;
              }
            }
          }
        }
      },
      plugins: [suppressedLabels]
    });
  }

  document.querySelectorAll("canvas[data-chart-data]").forEach(draw);
})();
