/* Vietnamese search on Pagefind, in Material's header search box and on
   /tim-kiem/?q=…  The index holds folded text (đ→d, no tone marks), so the
   query is folded the same way; results whose title has the query with its
   exact tones come first. Pagefind loads on first use only: a page view
   downloads nothing for search until the citizen types. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("__config").textContent);
  var root = new URL(config.base.replace(/\/?$/, "/"), window.location.href);
  var pagefind = null;
  var DROPDOWN_SIZE = 8;
  var PAGE_SIZE = 20;
  var RERANK = 16;  // results whose titles are fetched to put exact tones first

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  function exactLower(text) {
    return text.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
  }

  /* The folded query Pagefind understands: "1.001193" is indexed as "1001193" too. */
  function toIndexQuery(query) {
    return fold(query).replace(/(\d)\.(\d)/g, "$1$2").replace(/[^a-z0-9]+/g, " ").trim();
  }

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname }).then(function () {
          module.init();
          return module;
        });
      });
    }
    return pagefind;
  }

  function words(text) {
    return text.split(/[^\p{L}\p{N}.]+/u).filter(Boolean);
  }

  function hasAll(needles, haystack) {
    return needles.every(function (word) { return haystack.indexOf(word) !== -1; });
  }

  /* Sort key of a result from its title, best first: the query with its exact
     tones as a phrase, then all its words with exact tones (so "hồ sơ" beats
     "họ", "hộ"); then, ignoring tones, the title is the query, holds it as a
     phrase, holds all its words; ties keep Pagefind's order. */
  function rankKey(query, title) {
    var exact = exactLower(query), lowered = exactLower(title);
    var folded = fold(exact).replace(/\s+/g, " "), foldedTitle = fold(lowered);
    return [
      lowered.indexOf(exact) !== -1 ? 0 : 1,
      hasAll(words(exact), words(lowered)) ? 0 : 1,
      foldedTitle === folded ? 0 : 1,
      foldedTitle.indexOf(folded) !== -1 ? 0 : 1,
      hasAll(words(folded), words(foldedTitle)) ? 0 : 1,
    ];
  }

  function compareKeys(a, b) {
    for (var i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
    return a.position - b.position;
  }

  function search(query, filters, limit) {
    var indexQuery = toIndexQuery(query);
    if (!indexQuery) return Promise.resolve({ total: 0, items: [] });
    return load().then(function (module) {
      return module.search(indexQuery, { filters: filters || {} });
    }).then(function (response) {
      var top = response.results.slice(0, Math.max(limit, RERANK));
      return Promise.all(top.map(function (result) { return result.data(); })).then(function (data) {
        var items = data.map(function (entry, position) {
          return { url: entry.url, meta: entry.meta, key: rankKey(query, entry.meta.title || ""), position: position };
        });
        items.sort(compareKeys);
        return { total: response.results.length, items: items.slice(0, limit) };
      });
    });
  }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function renderItems(list, items) {
    list.textContent = "";
    items.forEach(function (item) {
      var li = el("li", { class: "md-search-result__item cchc-result" });
      var link = el("a", { class: "md-search-result__link", href: item.url });
      var article = el("article", { class: "md-search-result__article md-typeset" });
      var kind = el("span", { class: "cchc-result__kind" }, item.meta.kind || "");
      var title = el("h2", { class: "cchc-result__title" }, item.meta.title || "");
      article.appendChild(kind);
      article.appendChild(title);
      if (item.meta.summary) article.appendChild(el("p", {}, item.meta.summary));
      link.appendChild(article);
      li.appendChild(link);
      list.appendChild(li);
    });
  }

  function countText(total, query) {
    return total ? "Tìm thấy " + total + " kết quả cho “" + query + "”" : "Không tìm thấy kết quả cho “" + query + "”";
  }

  /* The header box: Material's markup from overrides/main.html, moved into the header. */
  function setupHeader() {
    var template = document.getElementById("cchc-search-template");
    var header = document.querySelector(".md-header__inner");
    if (!template || !header) return;
    var box = template.content.cloneNode(true);
    header.insertBefore(box, header.querySelector(".md-header__source"));
    var toggle = document.getElementById("__search");
    var form = header.querySelector("form[name=cchc-search]");
    var input = form.querySelector("input[name=q]");
    var meta = header.querySelector(".cchc-search-meta");
    var list = header.querySelector(".cchc-search-list");
    var more = header.querySelector(".cchc-search-more");
    form.action = new URL("tim-kiem/", root).href;
    var latest = 0;

    function open() { toggle.checked = true; load(); }
    function close() { toggle.checked = false; input.blur(); }

    input.addEventListener("focus", open);
    toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });  // the phone's magnifier
    input.addEventListener("input", function () {
      var query = input.value;
      var ticket = ++latest;
      if (!query.trim()) { list.textContent = ""; meta.textContent = "Nhập tên thủ tục, mã thủ tục hoặc từ khóa"; more.hidden = true; return; }
      search(query, {}, DROPDOWN_SIZE).then(function (found) {
        if (ticket !== latest) return;  // a newer keystroke is being answered
        meta.textContent = countText(found.total, query);
        renderItems(list, found.items);
        more.hidden = found.total <= DROPDOWN_SIZE;
        more.href = new URL("tim-kiem/?q=" + encodeURIComponent(query), root).href;
        more.textContent = "Xem tất cả " + found.total + " kết quả";
      });
    });
    var panel = form.parentElement;  // the input and its results: arrows move between them
    panel.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(panel.querySelectorAll(".md-search-result__link, .cchc-search-more:not([hidden])"));
      var index = links.indexOf(document.activeElement);
      if (event.key === "Escape") { close(); }
      else if (event.key === "ArrowDown" && links.length) { event.preventDefault(); links[Math.min(index + 1, links.length - 1)].focus(); }
      else if (event.key === "ArrowUp" && index >= 0) { event.preventDefault(); (index === 0 ? input : links[index - 1]).focus(); }
    });
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
      if (event.key === "/" && !typing) { event.preventDefault(); input.focus(); }
    });
  }

  /* /tim-kiem/: the query and filters live in the URL, so the main portal can link here. */
  function setupPage() {
    var form = document.querySelector("form[data-cchc-search-page]");
    if (!form) return;
    var input = form.querySelector("input[name=q]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var meta = document.querySelector(".cchc-search-page-meta");
    var list = document.querySelector(".cchc-search-page-list");
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    selects.forEach(function (select) { if (params.get(select.name)) select.value = params.get(select.name); });
    var latest = 0;

    function run() {
      var query = input.value;
      var filters = {};
      var state = new URLSearchParams();
      if (query.trim()) state.set("q", query);
      selects.forEach(function (select) {
        if (select.value) { filters[select.getAttribute("data-filter")] = select.value; state.set(select.name, select.value); }
      });
      history.replaceState(null, "", window.location.pathname + (state.toString() ? "?" + state : ""));
      var ticket = ++latest;
      if (!query.trim()) { list.textContent = ""; meta.textContent = "Nhập từ khóa để tìm kiếm."; return; }
      search(query, filters, PAGE_SIZE).then(function (found) {
        if (ticket !== latest) return;
        meta.textContent = countText(found.total, query) + (found.total > PAGE_SIZE ? " (hiển thị " + PAGE_SIZE + " kết quả đầu)" : "");
        renderItems(list, found.items);
      });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("input", run);
    selects.forEach(function (select) { select.addEventListener("change", run); });
    form.hidden = false;
    run();
  }

  window.cchcSearch = search;  // for the benchmark's recall measurement
  function ready() { setupHeader(); setupPage(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready); else ready();
})();
