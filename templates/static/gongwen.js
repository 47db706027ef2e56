// The 版记 at the foot of the last page (GB/T 9704-2012, 7.4), above the space that is left
// there. CSS cannot put a block at the foot of the last printed page, so before printing the
// notice is laid out once in columns the size of the type area (156 × 225 mm), which break
// as the pages do; the room left under the 版记 in the last column goes above it. Without
// JavaScript the 版记 follows the 落款 on the same page.
(function () {
  "use strict";
  var root = document.documentElement;
  // Lines of the grid that may differ between the columns and the printed pages.
  var SPARE_MM = 5;
  function place() {
    var banji = document.querySelector(".banji");
    var main = document.querySelector("main");
    if (!banji || !main) { return; }
    banji.style.marginTop = "";
    root.classList.add("paged");
    var box = main.getBoundingClientRect();
    var r = banji.getBoundingClientRect();
    var mm = box.width / 156;
    var free = box.bottom - r.bottom - SPARE_MM * mm;
    var base = parseFloat(getComputedStyle(banji).marginTop) || 0;
    root.classList.remove("paged");
    if (free > 0) { banji.style.marginTop = (base + free) + "px"; }
  }
  window.addEventListener("beforeprint", place);
  window.addEventListener("afterprint", function () {
    var banji = document.querySelector(".banji");
    if (banji) { banji.style.marginTop = ""; }
  });
})();
