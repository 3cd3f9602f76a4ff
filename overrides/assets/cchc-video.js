/* Communication products: a video hosted elsewhere (YouTube…) loads nothing
   from its host until the citizen clicks; without JavaScript the button is a
   plain link to the video. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var facade = event.target.closest(".cchc-video-facade[data-cchc-embed]");
    if (!facade || !event.target.closest("a")) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = facade.getAttribute("data-cchc-embed");
    frame.title = facade.getAttribute("data-cchc-title") || "Video";
    frame.allow = "autoplay; encrypted-media; picture-in-picture";
    frame.allowFullscreen = true;
    frame.className = "cchc-video-frame";
    facade.replaceWith(frame);
    frame.focus();
  });
})();
