// Copy a WeChat article as rich text (or, on a unit page, the embed code: its text). The
// button sits outside what it copies; `data-done` says what to do next.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var link = document.querySelector("link[rel=canonical]");
    var published = link ? link.href : location.href;
    // Not on the published site: say so beside each copy button of an article.
    var here = location.origin + location.pathname;
    if (here !== published.split("#")[0]) {
      document.querySelectorAll(".wechat-images-note").forEach(function (note) { note.hidden = false; });
    }
    document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
      button.hidden = false;
      var status = button.parentNode.querySelector(".copy-status");
      button.addEventListener("click", function () {
        var frame = document.getElementById(button.getAttribute("data-copy"));
        function done(ok) {
          if (status) { status.textContent = ok ? (button.getAttribute("data-done") || "已复制，请到公众号编辑器中粘贴") : "复制失败，请手动选中后复制"; }
        }
        // Code in a <pre> (the embed code) goes into a page's source: copied as the
        // text shown, exactly, and as nothing else.
        if (frame.tagName === "PRE") {
          if (navigator.clipboard && navigator.clipboard.writeText) {
            navigator.clipboard.writeText(frame.textContent).then(function () { done(true); }, function () { done(fallback(frame)); });
          } else {
            done(fallback(frame));
          }
          return;
        }
        // A copy in a document of its own, which loads nothing.
        var copy = document.implementation.createHTMLDocument("").importNode(frame, true);
        // The editor fetches images by address, from the internet: the published site's
        // (the page's canonical address), whatever page the copy is made from (a file on
        // this computer, `bulletin serve`).
        copy.querySelectorAll("img").forEach(function (img) {
          img.setAttribute("src", new URL(img.getAttribute("src"), published).href);
        });
        var html = copy.innerHTML;
        var text = frame.innerText;
        if (navigator.clipboard && window.ClipboardItem) {
          navigator.clipboard.write([new ClipboardItem({
            "text/html": new Blob([html], { type: "text/html" }),
            "text/plain": new Blob([text], { type: "text/plain" })
          })]).then(function () { done(true); }, function () { done(fallback(frame)); });
        } else {
          done(fallback(frame));
        }
      });
    });
    function fallback(frame) {
      var range = document.createRange();
      range.selectNodeContents(frame);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      sel.removeAllRanges();
      return ok;
    }
  });
})();
