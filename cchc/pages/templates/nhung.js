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
  // A page that starts listening after the first report (the previews on /nhung/,
  // whose listener is in a script that may run later) asks again.
  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !event.data || event.data.type !== type + "-ask") return;
    last = 0;
    report();
  });
  if ("ResizeObserver" in window) new ResizeObserver(report).observe(document.documentElement);
  window.addEventListener("load", report);
  report();
})();
