// The console's own script: charts from the JSON each page embeds next to its canvas. Pages work without it (the
// tables carry the same figures); it only draws.
(function () {
  "use strict";

  function stockChart() {
    var canvas = document.getElementById("stock-chart");
    var source = document.getElementById("stock-chart-data");
    if (!canvas || !source || !window.Chart) return;
    var d = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: d.labels,
        datasets: [
          { label: "Stock", data: d.stock, backgroundColor: "#0b5fff", maxBarThickness: 90 },
          { label: "Held", data: d.held, backgroundColor: "#1a7f37", maxBarThickness: 90 },
          { label: "Reserved", data: d.reserved, backgroundColor: "#d4a017", maxBarThickness: 90 }
        ]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, title: { display: true, text: "numbers" } }
        },
        plugins: { legend: { position: "top" } }
      }
    });
  }

  function portingChart() {
    var canvas = document.getElementById("porting-chart");
    var source = document.getElementById("porting-chart-data");
    if (!canvas || !source || !window.Chart) return;
    var d = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: d.labels, datasets: [{ label: "Orders", data: d.counts, backgroundColor: "#14213d", maxBarThickness: 24 }] },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false, indexAxis: "y",
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { display: false } }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    stockChart();
    portingChart();
  });
})();
