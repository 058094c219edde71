// SPDX-License-Identifier: GPL-3.0-or-later
// Injected into a copy of the review by tests/browser/run.sh (the review has no scripts): the
// map's labels as the browser lays them out, and each pair whose boxes overlap, written into
// <body data-labels data-overlaps> for --dump-dom.
window.addEventListener("load", function () {
  var boxes = [], overlaps = [];
  document.querySelectorAll("#map text.label").forEach(function (t) {
    var b = t.getBoundingClientRect();
    boxes.push({ name: t.textContent, x0: b.left, y0: b.top, x1: b.right, y1: b.bottom });
  });
  for (var i = 0; i < boxes.length; i++) {
    for (var j = i + 1; j < boxes.length; j++) {
      var a = boxes[i], b = boxes[j];
      var w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0), h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (w > 1 && h > 1) {
        overlaps.push(a.name + " / " + b.name);
      }
    }
  }
  document.body.setAttribute("data-labels", String(boxes.length));
  document.body.setAttribute("data-overlaps", overlaps.join("; "));
});
