// zhicheng: small progressive enhancements. No inline scripts (Content-Security-Policy).
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }
  // Live character count for fields with data-min-chars (主要工作业绩 ≥ 400 字).
  document.querySelectorAll("textarea[data-min-chars]").forEach(function (area) {
    var min = parseInt(area.getAttribute("data-min-chars"), 10);
    var out = document.createElement("p");
    out.className = "counter";
    out.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", out);
    function update() {
      var n = area.value.replace(/\s/g, "").length;
      out.textContent = n >= min ? "已输入 " + n + " 字（不少于 " + min + " 字）" : "已输入 " + n + " 字，还需 " + (min - n) + " 字";
      out.classList.toggle("counter-short", n < min);
    }
    area.addEventListener("input", update);
    update();
  });
  // Confirmation for destructive buttons: <button data-confirm="...">.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (e) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
});
