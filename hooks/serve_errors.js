// `python build.py serve` only: shows the content's errors over the open page until they are
// fixed (the preview reloads the page after every rebuild). Never part of a built site.
(function () {
  var script = document.currentScript;
  if (!script) return;
  fetch(script.src.replace(/loi\.js(\?.*)?$/, "loi.json"), { cache: "no-store" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      if (!data.loi || !data.loi.length) return;
      var box = document.createElement("div");
      box.id = "cchc-loi";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:1000;" +
        "background:#fff3f3;color:#7a0000;border-top:4px solid #c00;padding:1rem;font:14px/1.5 system-ui,sans-serif";
      var title = document.createElement("strong");
      title.textContent = "Nội dung có " + data.loi.length + " lỗi: trang đang hiện bản trước khi sửa. Sửa tệp rồi lưu, trang sẽ tự tải lại.";
      box.appendChild(title);
      var list = document.createElement("ul");
      data.loi.forEach(function (line) {
        var item = document.createElement("li");
        item.textContent = line;  // editor text: never HTML
        item.style.fontFamily = "monospace";
        list.appendChild(item);
      });
      box.appendChild(list);
      document.body.appendChild(box);
    })
    .catch(function () {});
})();
