// Search: any part of a name, in the index built with the site. Works offline and from
// file://, because the index is a script, not a fetch.
(function () {
  "use strict";
  // Rare variant characters read as their common form (王𠮷 as 王吉): few input methods
  // type them. The build lists the variants of the characters this site's names hold.
  var variants = window.BULLETIN_VARIANTS || {};
  // The middle dot of a transliterated name (阿依古丽·买买提) comes in many forms, or none
  // when typed: · ・ • ‧ ∙ ⋅ ꞏ and their full- and half-width kin all read as nothing.
  var dots = /[\s\u3000\u00b7\u0387\u2022\u2027\u2219\u22c5\u30fb\uff65\ua78f\u16eb\u2e31]/g;
  function norm(s) {
    var plain = (s || "").normalize("NFKC").replace(dots, "").toLowerCase();
    return Array.from(plain).map(function (c) { return variants[c] || c; }).join("");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var index = window.BULLETIN_SEARCH || [];
    var input = document.getElementById("q");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var all = document.getElementById("search-all");
    var prefix = input.form.getAttribute("data-root") || "../";
    function run() {
      var q = norm(input.value);
      list.textContent = "";
      if (!q) {
        status.textContent = "";
        all.hidden = false;
        return;
      }
      all.hidden = true;
      var hits = index.filter(function (e) { return norm(e.n).indexOf(q) >= 0 || norm(e.d).indexOf(q) >= 0; });
      status.textContent = hits.length ? "找到" + hits.length + "条" : "没有找到包含“" + input.value + "”的单位、人员或通报";
      hits.slice(0, 200).forEach(function (e) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = prefix + e.u;
        a.textContent = e.n;
        var meta = document.createElement("span");
        meta.className = "meta";
        meta.textContent = " " + e.k + " · " + e.d;
        li.appendChild(a);
        li.appendChild(meta);
        if (e.o && e.o.length) {
          var more = document.createElement("span");
          more.className = "meta";
          more.appendChild(document.createTextNode("；另见 "));
          e.o.forEach(function (pair, i) {
            if (i) { more.appendChild(document.createTextNode("、")); }
            var link = document.createElement("a");
            link.href = prefix + pair[1];
            link.textContent = pair[0];
            more.appendChild(link);
          });
          li.appendChild(more);
        }
        list.appendChild(li);
      });
    }
    var params = new URLSearchParams(location.search);
    if (params.get("q")) { input.value = params.get("q"); }
    input.addEventListener("input", run);
    input.form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
    run();
  });
})();
