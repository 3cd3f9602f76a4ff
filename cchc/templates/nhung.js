/* Tells the embedding page how tall this widget is, whenever that changes,
   so the main portal's iframe fits it without a scroll bar. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var type = document.body.getAttribute("data-message");
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: type, height: height, url: location.href }, "*");
  }
  if ("ResizeObserver" in window) new ResizeObserver(report).observe(document.documentElement);
  window.addEventListener("load", report);
  report();
})();
