/* Chuyên trang CCHC: progressive enhancements. Every page is complete without
   JavaScript; this adds the text-size control, list filters whose state lives
   in the URL (so a filtered list can be linked), print and report buttons. */
(function () {
  "use strict";

  var STEPS = [0.875, 1, 1.125, 1.25, 1.5];
  function applyScale(index) {
    document.documentElement.style.setProperty("--cchc-scale", STEPS[index]);
  }
  function currentScale() {
    var stored = parseInt(localStorage.getItem("cchc-text-size"), 10);
    return isNaN(stored) ? 1 : Math.max(0, Math.min(STEPS.length - 1, stored));
  }
  applyScale(currentScale());
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-cchc-text]");
    if (!button) return;
    var delta = parseInt(button.getAttribute("data-cchc-text"), 10);
    var next = delta === 0 ? 1 : Math.max(0, Math.min(STEPS.length - 1, currentScale() + delta));
    localStorage.setItem("cchc-text-size", String(next));
    applyScale(next);
  });

  // Long lists show their first rows; a button under each shows the rest (cchc.css).
  var FIRST_ROWS = 20;

  function setupLongList(list) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button cchc-more";
    button.addEventListener("click", function () {
      list.cchcExpanded = true;
      showRows(list);
    });
    list.insertAdjacentElement("afterend", button);
    list.cchcMore = button;
    // Until a filter or the button asks for other rows, the style sheet shows the first ones
    // (data-cchc-pending): no row is touched while the page loads (2,000 at province scale).
    setMore(list, Math.max(0, list.children.length - FIRST_ROWS));
  }

  function setMore(list, more) {
    list.cchcMore.hidden = more === 0;
    list.cchcMore.textContent = "Xem thêm " + more + " thủ tục";
  }

  // Rows the filter left (all, without one): the first FIRST_ROWS, or all once expanded.
  function showRows(list) {
    var shown = 0;
    var more = 0;
    Array.prototype.forEach.call(list.children, function (row) {
      var show = !row.cchcFilteredOut && (list.cchcExpanded || shown < FIRST_ROWS);
      row.hidden = !show;
      if (show) shown += 1;
      else if (!row.cchcFilteredOut) more += 1;
    });
    setMore(list, more);
    list.removeAttribute("data-cchc-pending");  // the rows' own hidden flags decide from now on
    return shown;
  }

  // Toneless, lower-case text: "Khai sinh" and "khai sinh" match "Đăng ký khai sinh".
  function toneless(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function setupFilter(form) {
    var kind = form.getAttribute("data-cchc-filter");
    var itemSelector = kind === "thu-tuc" ? ".cchc-proc" : ".cchc-doc";
    var noun = kind === "thu-tuc" ? "thủ tục" : "văn bản";
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var keyword = form.querySelector("input[type=search]");
    var container = form.parentElement;
    var items = Array.prototype.slice.call(container.querySelectorAll(itemSelector));
    var count = form.querySelector(".cchc-count");
    // A procedure listed under two fields counts once.
    var total = new Set(items.map(function (item) { return item.querySelector("a").getAttribute("href"); })).size;
    var searchable = keyword ? items.map(function (item) { return toneless(item.textContent); }) : [];

    function counted(shown) {
      count.textContent = "Hiển thị " + shown + "/" + total + " " + noun + ".";
    }

    // A select's value may name several values ("cap-xa cap-tinh": the agency's levels);
    // "tat-ca" is "all" where a default filter exists.
    function matches(select, item) {
      if (!select.value || select.value === "tat-ca") return true;
      var values = (item.getAttribute("data-" + select.name) || "").split(" ");
      return select.value.split(" ").some(function (wanted) { return values.indexOf(wanted) !== -1; });
    }

    function apply(pushUrl) {
      var params = new URLSearchParams(window.location.search);
      var shown = new Set();
      var words = keyword ? toneless(keyword.value).split(" ").filter(Boolean) : [];
      items.forEach(function (item, index) {
        var visible = selects.every(function (select) { return matches(select, item); }) &&
          words.every(function (word) { return searchable[index].indexOf(word) !== -1; });
        item.cchcFilteredOut = !visible;
        if (!item.parentElement.cchcMore) item.hidden = !visible;  // a short list: no button
        if (visible) shown.add(item.querySelector("a").getAttribute("href"));
      });
      counted(shown.size);
      container.querySelectorAll("ul.cchc-procs").forEach(function (list) {
        var matching = list.cchcMore ? showRows(list) : list.querySelectorAll(itemSelector + ":not([hidden])").length;
        list.hidden = matching === 0;
        var heading = list.previousElementSibling;
        if (heading && heading.classList.contains("cchc-group")) heading.hidden = matching === 0;
      });
      if (pushUrl) {
        selects.forEach(function (select) {
          var fallback = select.getAttribute("data-cchc-default") || "";
          if (select.value && select.value !== fallback) params.set(select.name, select.value); else params.delete(select.name);
        });
        if (keyword && keyword.value.trim()) params.set(keyword.name, keyword.value.trim()); else if (keyword) params.delete(keyword.name);
        var query = params.toString();
        history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }

    var params = new URLSearchParams(window.location.search);
    var filtered = false;
    selects.forEach(function (select) {
      var wanted = params.get(select.name) || select.getAttribute("data-cchc-default");
      if (wanted && select.querySelector('option[value="' + CSS.escape(wanted) + '"]')) select.value = wanted;
      if (select.value && select.value !== "tat-ca") filtered = true;
      select.addEventListener("change", function () { apply(true); });
    });
    if (keyword) {
      keyword.value = params.get(keyword.name) || "";
      if (keyword.value) filtered = true;
      keyword.addEventListener("input", function () { apply(true); });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.removeAttribute("data-cchc-pending");
    // Without a filter every row is in: nothing to hide, only the count to say.
    if (filtered) apply(false); else counted(total);
  }

  // "Cần rà soát": decided here from the due date, so a static page never goes stale.
  function showReviewNotices() {
    var now = new Date();
    var today = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" + String(now.getDate()).padStart(2, "0");
    document.querySelectorAll("[data-cchc-review]").forEach(function (notice) {
      notice.hidden = !(notice.getAttribute("data-cchc-review") < today);
    });
  }

  // A link to a folded question (or into a folded part) opens it.
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    target.scrollIntoView();
  }

  function ready() {
    showReviewNotices();
    if (window.location.hash) openTarget();
    window.addEventListener("hashchange", openTarget);
    document.querySelectorAll("ul.cchc-long").forEach(setupLongList);
    document.querySelectorAll("form[data-cchc-filter]").forEach(setupFilter);
    document.querySelectorAll("[data-cchc-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("a[data-cchc-report]").forEach(function (link) {
      var body = "Trang: " + window.location.href + "\nNội dung cần sửa: ";
      link.href = link.href.replace(/body=[^&]*/, "body=" + encodeURIComponent(body));
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready); else ready();
})();

/* /nhung/: the previews resize like the snippet makes them resize on the portal. */
(function () {
  "use strict";
  window.addEventListener("message", function (event) {
    if (event.origin !== window.location.origin || !event.data || event.data.type !== "cchc-nhung") return;
    document.querySelectorAll("iframe.cchc-embed__preview").forEach(function (frame) {
      if (frame.contentWindow === event.source) frame.style.height = event.data.height + "px";
    });
  });
  // "Sao chép đoạn mã": the snippet below the button, to the clipboard; where the clipboard is
  // not offered (a page over http), the snippet is selected for Ctrl+C.
  document.querySelectorAll("[data-cchc-copy]").forEach(function (button) {
    var code = button.closest(".cchc-embed").querySelector(".cchc-embed__code code");
    if (!code) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      function select() {
        var range = document.createRange();
        range.selectNodeContents(code);
        window.getSelection().removeAllRanges();
        window.getSelection().addRange(range);
        button.textContent = "Đã chọn đoạn mã: nhấn Ctrl+C để sao chép";
      }
      if (!navigator.clipboard) return select();
      navigator.clipboard.writeText(code.textContent).then(function () { button.textContent = "Đã sao chép"; }, select);
    });
  });
  // A preview that loaded before this script ran has reported already: ask it again.
  document.querySelectorAll("iframe.cchc-embed__preview").forEach(function (frame) {
    if (frame.contentWindow) frame.contentWindow.postMessage({ type: "cchc-nhung-ask" }, window.location.origin);
  });
})();
