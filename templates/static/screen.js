// The lobby screen: show one slide at a time and move on by itself; a key or a tap
// pauses and resumes. Without JavaScript every slide is shown, one under another.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  // Longer on each slide where motion is unwelcome.
  var interval = reduced ? 15000 : 8000;
  // ?interval=ms sets another pace (for a long category list, or for tests).
  var asked = Number(new URLSearchParams(location.search).get("interval"));
  if (asked >= 200) { interval = asked; }
  function overflows(slide) { return slide.scrollHeight > slide.clientHeight + 1; }
  // Rows of a table, or exemplar cards.
  function holder(slide) { return slide.querySelector("tbody") || slide.querySelector("ul.exemplars"); }
  // The rows at the end of `box` that share a place (data-tie): they move together.
  function lastGroup(box) {
    var rows = [box.lastElementChild];
    var tie = rows[0].getAttribute("data-tie");
    while (tie && rows[0].previousElementSibling && rows[0].previousElementSibling.getAttribute("data-tie") === tie) {
      rows.unshift(rows[0].previousElementSibling);
    }
    return rows;
  }
  function moveGroup(box, restBox) {
    lastGroup(box).reverse().forEach(function (row) { restBox.insertBefore(row, restBox.firstChild); });
  }
  function fit(slide) {
    var box = holder(slide);
    if (!box || !overflows(slide) || box.children.length < 2) { return; }
    var rest = slide.cloneNode(true);
    var restBox = holder(rest);
    restBox.textContent = "";
    var heading = rest.querySelector("h2");
    if (heading) { heading.appendChild(document.createTextNode("（续）")); }
    slide.parentNode.insertBefore(rest, slide.nextSibling);
    // A tie group moves whole, unless it alone fills the slide.
    while (overflows(slide) && box.children.length > 1) {
      if (lastGroup(box).length < box.children.length) { moveGroup(box, restBox); }
      else { restBox.insertBefore(box.lastElementChild, restBox.firstChild); }
    }
    // Then the two even out: no slide left with a lonely row or two.
    while (lastGroup(box).length < box.children.length &&
           box.children.length - lastGroup(box).length >= restBox.children.length + lastGroup(box).length) {
      moveGroup(box, restBox);
    }
    fit(rest);
  }
  document.addEventListener("DOMContentLoaded", function () {
    // The build cuts categories into slides that fit 1920×1080; on a screen where one
    // still overflows (a smaller screen, long names), its last rows move to a slide of
    // their own after it (续), so that nothing is ever cut off.
    Array.prototype.slice.call(document.querySelectorAll(".slide")).forEach(fit);
    var slides = Array.prototype.slice.call(document.querySelectorAll(".slide"));
    var state = document.getElementById("screen-state");
    var pos = document.getElementById("screen-pos");
    var button = document.getElementById("screen-toggle");
    var controls = document.querySelector(".controls");
    if (controls) { controls.hidden = false; }
    if (!slides.length) { return; }
    var current = 0;
    var timer = null;
    function show(i) {
      slides[current].classList.remove("active");
      current = (i + slides.length) % slides.length;
      slides[current].classList.add("active");
      document.body.setAttribute("data-slide", String(current));
      if (pos) { pos.textContent = (current + 1) + " / " + slides.length; }
    }
    function play() {
      stop();
      timer = setInterval(function () { show(current + 1); }, interval);
      document.body.setAttribute("data-state", "playing");
      if (state) { state.textContent = "自动播放"; }
      if (button) { button.textContent = "暂停"; }
    }
    function stop() {
      if (timer) { clearInterval(timer); timer = null; }
    }
    function pause() {
      stop();
      document.body.setAttribute("data-state", "paused");
      if (state) { state.textContent = "已暂停"; }
      if (button) { button.textContent = "继续"; }
    }
    function toggle() { if (timer) { pause(); } else { play(); } }
    document.addEventListener("keydown", function (ev) {
      if (ev.key === " " || ev.key === "Enter" || ev.key === "p") { ev.preventDefault(); toggle(); }
      else if (ev.key === "ArrowRight") { show(current + 1); }
      else if (ev.key === "ArrowLeft") { show(current - 1); }
    });
    document.addEventListener("click", function (ev) {
      // The button is a click like any other: it toggles once.
      if (ev.target === button) { ev.stopPropagation(); }
      toggle();
    });
    if (button) {
      button.addEventListener("keydown", function (ev) { if (ev.key === " " || ev.key === "Enter") { ev.stopPropagation(); } });
    }
    show(0);
    play();
  });
})();
