// bulletin: the few things a page does with JavaScript. Every page reads fully without it.
(function () {
  "use strict";
  var root = document.documentElement;

  // Large text and high contrast (适老化), remembered on this device.
  var prefs = ["large-text", "high-contrast"];
  function stored(name) {
    try { return localStorage.getItem("bulletin-" + name) === "1"; } catch (e) { return false; }
  }
  prefs.forEach(function (name) { root.classList.toggle(name, stored(name)); });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-toggle]").forEach(function (button) {
      var name = button.getAttribute("data-toggle");
      button.hidden = false;
      button.setAttribute("aria-pressed", String(root.classList.contains(name)));
      button.addEventListener("click", function () {
        var on = !root.classList.contains(name);
        root.classList.toggle(name, on);
        button.setAttribute("aria-pressed", String(on));
        try { localStorage.setItem("bulletin-" + name, on ? "1" : "0"); } catch (e) { /* private mode */ }
      });
    });

    // A table wider than the screen scrolls sideways in its box: say so above it. What
    // makes a table wider comes later too (web fonts arriving, 大字, a turned phone): the
    // hint is said again whenever a box or its table changes size.
    hints();
    var resized;
    function later() {
      clearTimeout(resized);
      resized = setTimeout(hints, 100);
    }
    window.addEventListener("resize", later);
    window.addEventListener("load", hints);
    if (document.fonts && document.fonts.ready) { document.fonts.ready.then(hints); }
    if (window.ResizeObserver) {
      var watch = new ResizeObserver(later);
      document.querySelectorAll(".table-scroll").forEach(function (box) {
        watch.observe(box);
        if (box.firstElementChild) { watch.observe(box.firstElementChild); }
      });
    }

    // Notice periods, as of the reader's day rather than the build day; again every ten
    // minutes, for a page left open for days (the lobby screen).
    notices();
    setInterval(notices, 600000);
  });

  function hints() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      var hint = box.previousElementSibling;
      if (!hint || !hint.classList.contains("scroll-hint")) {
        hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.textContent = "表格较宽，可左右滑动查看其余各列 →";
        box.parentNode.insertBefore(hint, box);
      }
      hint.hidden = box.scrollWidth <= box.clientWidth + 1;
    });
  }

  function notices() {
    var now = new Date();
    var today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
    function day(iso) {
      var p = iso.split("-");
      return Date.UTC(+p[0], +p[1] - 1, +p[2]);
    }
    document.querySelectorAll(".notice-status[data-from][data-to]").forEach(function (el) {
      var from = day(el.getAttribute("data-from"));
      var to = day(el.getAttribute("data-to"));
      var strong = document.createElement("strong");
      el.textContent = "";
      el.appendChild(strong);
      if (today > to) {
        strong.className = "status closed";
        strong.textContent = "公示期满";
      } else if (today >= from) {
        strong.className = "status current";
        strong.textContent = "公示中";
        el.appendChild(document.createTextNode("，还剩" + (Math.round((to - today) / 86400000) + 1) + "天（含当天）"));
      } else {
        strong.className = "status upcoming";
        strong.textContent = "即将公示";
      }
    });
  }
})();
