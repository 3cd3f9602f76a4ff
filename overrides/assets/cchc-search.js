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
  var PORTAL_SEARCH = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh";  // the national portal's procedure catalogue

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  function exactLower(text) {
    return text.normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
  }

  /* Words and phrases citizens wrap around what they need ("làm giấy khai sinh cho
     con ở đâu"): Pagefind requires every word it knows on the same page, so these
     would leave only the FAQ entries that happen to say them. Folded. */
  var FILLER_PHRASES = ["bao nhieu tien", "bao nhieu", "het bao nhieu", "o dau", "nhu the nao", "the nao", "lam sao",
    "thu tuc", "can giay to gi", "giay to gi", "can nhung gi", "phai lam gi", "cho con", "muon lam",
    "mat bao lau", "bao lau", "may ngay", "co duoc khong", "duoc khong", "huong dan", "quy trinh", "gan chip",
    "ra sao", "lam the nao", "cho nao", "can gi", "gom nhung gi", "nhung gi", "khi nao", "bao gio", "co mat phi khong",
    "mat phi", "ton phi", "mat bao nhieu", "ton bao nhieu",
    "nam ngoai", "nam truoc", "nam roi", "thang truoc", "tuan truoc", "hom qua", "hom truoc", "lau roi", "da lau"];  // when it happened, not what
  var FILLER_WORDS = ["lam", "xin", "di", "o", "muon", "can", "gi", "nao", "cho", "cua", "va", "voi", "la", "thi",
    "khi", "de", "bi", "duoc", "tai", "tren", "nhung", "cac", "phai", "ve", "ma", "nay", "online", "khong",
    "cach", "giup", "hoi", "nhe", "minh", "toi", "a", "oi",
    "ko", "k", "j", "dc", "vs", "ntn", "bn", "roi", "gio", "nua", "luon", "vao", "ra"];  // texting: không, gì, được, với, như thế nào, bao nhiêu; rồi, giờ, nữa, luôn, vào, ra
  var PROCEDURE = 5;  // a procedure weighs this much more than a FAQ entry or news post with the same words
  var OWN_LEVEL = 1.3;  // a procedure at the agency's own levels (site.yml cap_cua_co_quan) weighs this much more
  var GENERAL_CASE = 1.3;  // a title whose phrase ends where the query's words do weighs this much more
  // Folded words that open a modifier after a noun phrase: "trong", "của", "cho", "đối với", "tại", "theo"…
  var PHRASE_ENDS = ["trong", "cua", "cho", "doi", "tai", "theo", "khi", "do", "de", "tu", "den", "o", "ve", "tren", "thuoc", "voi"];
  var CANDIDATES = 30;  // results whose titles are fetched to re-rank by kind, status and exact tones
  var vocabulary = null;

  /* The folded words Pagefind understands: "1.001193" is indexed as "1001193" too, a number
     without its leading zeros ("09" as "9"). */
  function toIndexQuery(query) {
    return fold(query).replace(/(\d)\.(\d)/g, "$1$2").replace(/[^a-z0-9]+/g, " ").replace(/(^| )0+(?=\d)/g, "$1").trim();
  }

  function loadJson(name) {
    return fetch(new URL("pagefind/" + name, root).href)
      .then(function (response) { return response.ok ? response.json() : {}; })
      .catch(function () { return {}; });
  }

  /* The index's folded words with their page counts, and the synonym groups
     (content/tu-dong-nghia.yml, folded): {known, groups, pages}. */
  function loadVocabulary() {
    if (!vocabulary) {
      vocabulary = Promise.all([loadJson("cchc-tu-vung.json"), loadJson("cchc-dong-nghia.json")]).then(function (loaded) {
        var known = loaded[0], groups = [];
        (loaded[1].nhom || []).forEach(function (group) {
          group.tu.forEach(function (wording) {
            var words = wording.split(" ").filter(Boolean);
            if (words.length) groups.push({ words: words, mark: group.dau, pages: group.trang });
          });
        });
        /* One-way rewrites: a citizen's wording is searched as typed or as an official one. */
        (loaded[1].viet_lai || []).forEach(function (rewrite, number) {
          rewrite.go.forEach(function (wording) {
            var words = wording.split(" ").filter(Boolean);
            if (words.length) groups.push({ words: words, rewrite: "viet" + number, official: rewrite.tim });
          });
        });
        groups.sort(function (a, b) { return b.words.length - a.words.length; });  // the longest wording first
        return { known: known, groups: groups, pages: loaded[1].trang || 1 };
      });
    }
    return vocabulary;
  }

  /* Words one edit away (a letter wrong, added, missing, or two swapped). */
  function edits(word) {
    var letters = "abcdefghijklmnopqrstuvwxyz", out = [];
    for (var i = 0; i <= word.length; i++) {
      var head = word.slice(0, i), tail = word.slice(i);
      if (tail) out.push(head + tail.slice(1));
      if (tail.length > 1) out.push(head + tail[1] + tail[0] + tail.slice(2));
      for (var j = 0; j < letters.length; j++) {
        out.push(head + letters[j] + tail);
        if (tail) out.push(head + letters[j] + tail.slice(1));
      }
    }
    return out;
  }

  /* A word the index does not hold, mended: Telex keys left in ("ddawng kys" for
     "đăng ký"), i for y, then one edit for words of four letters or more; the
     commonest candidate wins. null when nothing fits (Pagefind would drop it). */
  function mend(word, known) {
    if (known[word] || /^\d+$/.test(word)) return word;
    var telex = word.replace(/dd/g, "d").replace(/aw|aa/g, "a").replace(/ee/g, "e").replace(/ow|oo/g, "o").replace(/uw|w/g, "u");
    // "k" comes before i, e, y only: "kai", "ko" lost the h of "kh".
    var tries = [telex, telex.replace(/[sfrxj]$/, ""), word.replace(/i$/, "y"), word.replace(/y$/, "i"), word.replace(/^k(?=[aouw])/, "kh"),
      word.replace(/^([cgknpt])(?!h)/, "$1h")];  // a short word missing the h of ch, gh, kh, nh, ph, th
    for (var i = 0; i < tries.length; i++) if (known[tries[i]]) return tries[i];
    if (word.length < 4) return null;
    var best = null;
    edits(word).forEach(function (candidate) {
      if (known[candidate] && (!best || known[candidate] > known[best])) best = candidate;
    });
    return best;
  }

  /* What a query asks for, as "slots": a wording of a synonym group (searched by the
     group's mark, so every wording finds the same pages) or a word; fillers dropped,
     words the index does not hold mended or dropped. Each slot weighs by its rarity
     (log of pages / pages holding it): "giay" counts less than "khai" or "pccc". */
  function slots(folded, vocab, plain) {
    var known = vocab.known, raw = folded.split(" ").filter(Boolean);
    // Words inside a filler phrase ("cho con", "bao nhiêu tiền"): dropped, unless a wording of a
    // group or rewrite also holds a word outside it ("bố mẹ cho con đất" is a gift of land).
    var filler = raw.map(function () { return false; });
    if (!plain) FILLER_PHRASES.forEach(function (phrase) {
      var words = phrase.split(" ");
      for (var i = 0; i + words.length <= raw.length; i++) {
        if (words.every(function (word, k) { return raw[i + k] === word; })) for (var k = 0; k < words.length; k++) filler[i + k] = true;
      }
    });
    var inGroups = {};
    vocab.groups.forEach(function (group) { group.words.forEach(function (word) { inGroups[word] = true; }); });
    var typed = raw.map(function (word) {
      return known[word] || inGroups[word] ? word : mend(word, known);
    });
    var out = [], seen = {};
    function add(slot) {
      if (seen[slot.term]) return;
      seen[slot.term] = true;
      slot.weight = Math.sqrt(Math.log(1 + vocab.pages / Math.max(1, slot.pages)));
      out.push(slot);
    }
    for (var i = 0; i < typed.length;) {
      var found = null;
      for (var g = 0; g < vocab.groups.length && !found; g++) {
        var words = vocab.groups[g].words;
        if ((!plain || !vocab.groups[g].rewrite) && words.every(function (word, k) { return typed[i + k] === word; }) &&
            !words.every(function (word, k) { return filler[i + k]; })) found = vocab.groups[g];
      }
      if (found && found.rewrite) {
        // Searched as typed (fillers left out) or as any official wording; the rarest, the most precise, sets its weight.
        var queries = [], pages = Infinity;
        [found.words.join(" ")].concat(found.official).forEach(function (wording, index) {
          var parsed = slots(wording, vocab, true).filter(function (slot) { return index > 0 || FILLER_WORDS.indexOf(slot.term) === -1; });
          if (!parsed.length) return;
          queries.push(parsed.map(function (slot) { return slot.term; }));
          pages = Math.min(pages, Math.min.apply(null, parsed.map(function (slot) { return slot.pages; })));
        });
        if (queries.length) add({ term: found.rewrite, words: found.words, queries: queries, pages: pages });
        i += found.words.length;
      } else if (found) {
        add({ term: found.mark, words: found.words, queries: [[found.mark]], pages: found.pages });
        i += found.words.length;
      } else {
        var word = filler[i] ? null : typed[i];
        i++;
        if (word && (plain || FILLER_WORDS.indexOf(word) === -1)) add({ term: word, words: [word], queries: [[word]], pages: known[word] || 1 });
      }
    }
    if (!out.length) {  // a query of fillers only is searched as typed
      folded.split(" ").forEach(function (word) { if (known[word]) add({ term: word, words: [word], queries: [[word]], pages: known[word] }); });
    }
    return out;
  }

  function weightOf(slots) {
    return slots.reduce(function (sum, slot) { return sum + slot.weight; }, 0) || 1;
  }

  /* One Pagefind search per slot, merged: a page's score is the sum of its slots'
     scores, times the square of the share of the query's weight it holds, so a page
     missing a word still ranks (below those holding all), less so when the word is rare. */
  function merged(module, terms, filters) {
    return Promise.all(terms.map(function (slot) {
      // A slot's wordings are alternatives: a page counts with its best one.
      return Promise.all(slot.queries.map(function (query) {
        return module.search(query.join(" "), { filters: filters });
      })).then(function (responses) {
        if (responses.length === 1) return responses[0];
        var best = {};
        responses.forEach(function (response) {
          response.results.forEach(function (result) {
            if (!best[result.id] || best[result.id].score < result.score) best[result.id] = result;
          });
        });
        return { results: Object.keys(best).map(function (id) { return best[id]; }) };
      });
    })).then(function (responses) {
      var pages = {}, total = weightOf(terms);
      responses.forEach(function (response, index) {
        response.results.forEach(function (result) {
          var page = pages[result.id] || (pages[result.id] = { result: result, score: 0, held: 0 });
          page.score += result.score;
          page.held += terms[index].weight;
        });
      });
      return Object.keys(pages).map(function (id) {
        var page = pages[id], share = page.held / total;
        return { result: page.result, score: page.score * share * share };
      }).sort(function (a, b) { return b.score - a.score; });
    });
  }

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname }).then(function () {
          module.init();
          return module;
        });
      });
      loadVocabulary();
    }
    return pagefind;
  }

  function words(text) {
    return text.split(/[^\p{L}\p{N}.]+/u).filter(Boolean);
  }

  function hasAll(needles, haystack) {
    return needles.every(function (word) { return haystack.indexOf(word) !== -1; });
  }

  /* Whether the title holds every word the query asked for in a row that ends a phrase there:
     at the end, before a mark or before a word that opens a modifier ("chứng thực chữ ký | trong các
     giấy tờ"). A row followed by a noun only begins a longer name ("chữ ký người dịch": a translator's
     signature), the special case. */
  function endsPhrase(heldSlots, lowered) {
    var asked = {}, count = 0;
    heldSlots.forEach(function (slot) { slot.words.forEach(function (word) { if (!asked[word]) { asked[word] = true; count++; } }); });
    var tokens = lowered.match(/[\p{L}\p{N}.]+|[,;:()]/gu) || [];
    for (var t = 0, run = 0; t <= tokens.length; t++) {
      if (t < tokens.length && asked[tokens[t]]) { run++; continue; }
      if (run >= 2 && run === count && (t === tokens.length || /^[,;:()]$/.test(tokens[t]) || PHRASE_ENDS.indexOf(tokens[t]) !== -1)) return true;
      run = 0;
    }
    return false;
  }

  /* How much a result's title and kind add to its merged score: a procedure above
     the FAQ entries and news that mention it; titles holding the query's words, in
     its order, with few other words, first. */
  function weigh(query, terms, item) {
    var title = item.meta.title || "";
    // A national name lists its cases between semicolons: clause by clause, as the index's "match" is.
    var lowered = fold(exactLower(title)).replace(/^thu tuc /, "");
    function content(text) { return words(text).filter(function (word) { return FILLER_WORDS.indexOf(word) === -1; }); }
    // A name's parentheses ("(thực hiện tại cấp xã)", "(áp dụng cho cả trường hợp…)") add a quarter of their words.
    var aside = content((lowered.match(/\([^)]*\)/g) || []).join(" ")).length / 4;
    var clauses = lowered.replace(/\([^)]*\)/g, " ").split(";").map(content);
    var foldedTitle = [].concat.apply([], clauses);
    var matches = (item.meta.match || foldedTitle.join(" ")).split(" | ").map(function (clause) { return clause.split(" "); });
    function holds(slot, match) {
      return slot.queries.some(function (query) { return query.every(function (term) { return match.indexOf(term) !== -1; }); });
    }
    function length(slots) {
      return slots.reduce(function (sum, slot) { return sum + slot.words.length; }, 0);
    }
    var heldSlots = terms.filter(function (slot) { return holds(slot, [].concat.apply([], matches)); });
    var pairs = 0, joined = " " + foldedTitle.join(" ") + " ";
    for (var i = 1; i < terms.length; i++) {
      if (joined.indexOf(" " + terms[i - 1].words.join(" ") + " " + terms[i].words.join(" ") + " ") !== -1) pairs++;
    }
    // Words the query did not ask for: in the clause that holds most of the query, and a quarter of those outside it.
    var extra = foldedTitle.length - length(heldSlots) + aside;
    if (clauses.length > 1 && clauses.length === matches.length) {
      var best = -1;
      clauses.forEach(function (clause, index) {
        var inClause = heldSlots.filter(function (slot) { return holds(slot, matches[index]); });
        var weight = inClause.length ? weightOf(inClause) : 0;
        var rest = Math.max(0, clause.length - length(inClause)) + (foldedTitle.length - clause.length) / 4 + aside;
        if (weight > best || (weight === best && rest < extra)) { best = weight; extra = rest; }
      });
    }
    var share = weightOf(heldSlots) / weightOf(terms);
    var factor = (item.meta.kind === "Thủ tục" ? PROCEDURE : 1) * (0.3 + share * share) * (1 + pairs / Math.max(1, terms.length - 1));
    factor /= 1 + Math.max(0, extra) / 12;  // words the query did not ask for
    if (item.meta.own) factor *= OWN_LEVEL;  // done at the agency's own level: above the same procedure elsewhere
    if (endsPhrase(heldSlots, lowered)) factor *= GENERAL_CASE;
    return item.score * factor;
  }

  /* Tones typed: titles with the query's words and tones first (0), then with a
     synonym of them (1), then with its letters but other tones ("số", "hồ sơ" for
     "sổ") (2), then the rest (3). A procedure no longer in force last (4). */
  function toneTier(query, item) {
    if (item.meta.status) return 4;
    var exact = exactLower(query), lowered = exactLower(item.meta.title || "");
    if (exact === fold(exact) || hasAll(words(exact), words(lowered))) return 0;
    var folded = words(fold(exact));
    if (hasAll(folded, words(fold(lowered)))) return 2;
    return hasAll(folded, (item.meta.match || "").split(" ")) ? 1 : 3;
  }

  /* The procedures that FAQ entries among the candidates answer with, when the query's
     words did not bring them in: found by their code, they inherit part of the entry's score. */
  function answered(module, query, items, filters) {
    var wanted = [];
    function present(path) {
      return items.some(function (item) { return item.url.slice(-path.length) === path; }) || wanted.indexOf(path) !== -1;
    }
    items.forEach(function (faq) {
      (faq.meta.answers || "").split(" ").forEach(function (path) { if (path && !present(path)) wanted.push(path); });
    });
    return Promise.all(wanted.map(function (path) {
      var code = path.split("/")[1].replace(/\./g, "");
      return module.search(code, { filters: filters }).then(function (response) {
        var hit = response.results[0];
        if (!hit) return null;
        return hit.data().then(function (data) {
          if (data.url.slice(-path.length) !== path) return null;
          var item = { url: data.url, meta: data.meta, score: 0, position: CANDIDATES, id: hit.id };
          item.tier = toneTier(query, item);
          return item;
        });
      });
    })).then(function (found) { return found.filter(Boolean); });
  }

  /* Results of a query, best first: {total, items, more(n)} where `more` fetches the next n. */
  function search(query, filters, limit, current) {
    var folded = toIndexQuery(query);
    if (!folded) return Promise.resolve({ total: 0, items: [], rest: [] });
    return Promise.all([load(), loadVocabulary()]).then(function (loaded) {
      var module = loaded[0], terms = slots(folded, loaded[1]);
      if (!terms.length) return [];
      return merged(module, terms, filters || {}).then(function (ranked) {
        if (current && !current()) return [];  // a newer keystroke: fetch no result's text for this one
        var top = ranked.slice(0, Math.max(limit, CANDIDATES));
        return Promise.all(top.map(function (entry) { return entry.result.data(); })).then(function (data) {
          var items = data.map(function (entry, position) {
            var item = { url: entry.url, meta: entry.meta, score: top[position].score, position: position };
            item.score = weigh(query, terms, item);
            item.tier = toneTier(query, item);
            return item;
          });
          return answered(module, query, items, filters || {}).then(function (found) {
            // A FAQ entry in citizens' words lends half its score to the procedures it answers with.
            items = items.concat(found);
            items.forEach(function (faq) {
              (faq.meta.answers || "").split(" ").forEach(function (path) {
                items.forEach(function (item) {
                  if (path && item.url.slice(-path.length) === path) item.score += faq.score / 2;
                });
              });
            });
            items.sort(function (a, b) { return a.tier - b.tier || b.score - a.score || a.position - b.position; });
            var ids = found.map(function (item) { return item.id; });
            return items.concat(ranked.slice(top.length).filter(function (entry) { return ids.indexOf(entry.result.id) === -1; }));
          });
        });
      });
    }).then(function (all) {
      return { total: all.length, items: all.slice(0, limit), rest: all.slice(limit) };
    });
  }

  /* The next `count` results of a search, their titles fetched now. */
  function more(found, count) {
    var next = found.rest.splice(0, count);
    return Promise.all(next.map(function (entry) {
      return entry.url ? entry : entry.result.data().then(function (data) { return { url: data.url, meta: data.meta }; });
    })).then(function (items) {
      found.items = found.items.concat(items);
      return items;
    });
  }

  /* Resolves once typing pauses (TYPING_PAUSE ms without a newer keystroke), so a query
     typed letter by letter downloads the index chunks and result texts of its last form
     only; the `ticket` is the keystroke's, `latest` read when the pause ends. */
  var TYPING_PAUSE = 80;
  var keystrokes = 0;
  function settled(ticket) {
    var mine = ++keystrokes;
    return new Promise(function (resolve) {
      setTimeout(function () { if (mine === keystrokes) resolve(ticket); }, TYPING_PAUSE);
    });
  }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function renderItems(list, items, append) {
    if (!append) list.textContent = "";
    items.forEach(function (item) {
      var li = el("li", { class: "md-search-result__item cchc-result" });
      var link = el("a", { class: "md-search-result__link", href: item.url });
      var article = el("article", { class: "md-search-result__article md-typeset" });
      var kind = el("span", { class: "cchc-result__kind" }, item.meta.kind || "");
      var title = el("h2", { class: "cchc-result__title" }, item.meta.title || "");
      article.appendChild(kind);
      article.appendChild(title);
      if (item.meta.summary) article.appendChild(el("p", {}, item.meta.summary));
      if (item.meta.status) article.appendChild(el("p", { class: "cchc-result__status" }, "Không còn áp dụng: " + item.meta.status));
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
      settled(ticket).then(function () {
        return search(query, {}, DROPDOWN_SIZE, function () { return ticket === latest; });
      }).then(function (found) {
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
    var latest = 0, typing = false;  // typing: run() from a keystroke waits for the pause

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
      moreButton.hidden = true;
      empty.hidden = true;
      if (!query.trim()) { list.textContent = ""; meta.textContent = "Nhập từ khóa để tìm kiếm."; return; }
      if (!shown) meta.textContent = "Đang tìm…";  // the first search loads the index
      (typing ? settled(ticket) : Promise.resolve()).then(function () {
        return search(query, filters, PAGE_SIZE, function () { return ticket === latest; });
      }).then(function (found) {
        if (ticket !== latest) return;
        shown = found;
        renderItems(list, found.items);
        showCount(query);
        portalQuery.textContent = "“" + query.trim() + "”";
        empty.hidden = found.total > 0;
      });
    }

    function showCount(query) {
      var count = shown.items.length;
      meta.textContent = countText(shown.total, query) + (shown.total > count ? " (đang hiển thị " + count + ")" : "");
      moreButton.hidden = shown.rest.length === 0;
      moreButton.textContent = "Xem thêm " + Math.min(PAGE_SIZE, shown.rest.length) + " kết quả";
    }

    /* Every result is reachable: the next page of results under the list. */
    var shown = null;
    var moreButton = el("button", { type: "button", class: "md-button cchc-search-page-more" });
    moreButton.hidden = true;
    list.parentNode.insertBefore(moreButton, list.nextSibling);
    moreButton.addEventListener("click", function () {
      var ticket = latest, found = shown;
      more(found, PAGE_SIZE).then(function (items) {
        if (ticket !== latest) return;
        renderItems(list, items, true);
        showCount(input.value);
      });
    });

    /* Nothing found: what to try next, and the national portal, which lists every procedure. */
    var empty = el("div", { class: "cchc-search-empty" });
    empty.hidden = true;
    empty.appendChild(el("p", {}, "Gợi ý: gõ ít từ hơn, chỉ tên việc cần làm hoặc tên giấy tờ (ví dụ: khai sinh, kết hôn, sổ đỏ, căn cước, chứng thực), hoặc bỏ bớt bộ lọc."));
    /* The portal's procedure catalogue (where its record links live, /thu-tuc-hanh-chinh/<id>): no address
       of the portal taking the query could be verified, so the query is shown for the citizen to type there. */
    var portal = el("p", {}, "Bạn cũng có thể tra cứu ");
    var portalQuery = el("strong", { class: "cchc-search-empty-query" });
    portal.appendChild(portalQuery);
    portal.appendChild(document.createTextNode(" trong "));
    portal.appendChild(el("a", { href: PORTAL_SEARCH, rel: "noopener" }, "danh mục thủ tục hành chính của Cổng Dịch vụ công quốc gia"));
    portal.appendChild(document.createTextNode("."));
    empty.appendChild(portal);
    list.parentNode.insertBefore(empty, moreButton.nextSibling);
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("input", function () { typing = true; run(); typing = false; });
    selects.forEach(function (select) { select.addEventListener("change", run); });
    run();
    form.removeAttribute("data-cchc-pending");  // its space was kept (cchc.css): showing it moves nothing
  }

  window.cchcSearch = search;  // for the benchmark's recall measurement
  function ready() { setupHeader(); setupPage(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready); else ready();
})();
