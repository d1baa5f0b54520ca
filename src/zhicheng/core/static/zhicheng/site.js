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
  // After a failed submit the error summary takes the focus (and is read out); each of its links puts the
  // focus in the field it names, opening the <details> the field is in.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) {
    summary.focus();
    summary.querySelectorAll('a[href^="#"]').forEach(function (link) {
      link.addEventListener("click", function (e) {
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (!field) { return; }
        e.preventDefault();
        var details = field.closest("details");
        if (details) { details.open = true; }
        field.focus();
        var label = document.querySelector('label[for="' + field.id + '"]');
        (label || field).scrollIntoView({block: "center"});
      });
    });
  }
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
  // Autosave of application sections (<form data-autosave="URL">): a draft is posted about 2 s after the
  // person stops typing; leaving with changes not yet saved asks first. Without JS the buttons work as before.
  // Hand-written (a few lines of fetch and a timer) rather than a library: nothing on npm does less.
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var status = form.querySelector("[data-autosave-status]");
    var url = form.getAttribute("data-autosave");
    var version = 0, saved = 0, timer = null, submitting = false;
    function say(text) { if (status) { status.textContent = text; } }
    function save() {
      timer = null;
      var sent = version;
      fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin",
                   headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (body) {
          if (body.saved) { saved = Math.max(saved, sent); }
          say(body.message);
        })
        .catch(function () { say("未能自动保存（网络或登录已过期），请点击“保存草稿，稍后再填”。"); });
    }
    function changed() {
      version += 1;
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(save, 2000);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      submitting = true;
      if (timer) { clearTimeout(timer); timer = null; }
    });
    window.addEventListener("beforeunload", function (e) {
      if (!submitting && saved < version) { e.preventDefault(); e.returnValue = ""; }
    });
  });
  // Route choice (条件自检): <input name="X" data-route-choice> radios show only the
  // <fieldset data-route="value"> groups of the chosen route; the others are hidden and disabled, so they are
  // not submitted. Without JavaScript, or with no route chosen, every group shows.
  var routeInputs = document.querySelectorAll("input[data-route-choice]");
  function showRoute() {
    var chosen = "";
    routeInputs.forEach(function (input) { if (input.checked) { chosen = input.value; } });
    document.querySelectorAll("fieldset[data-route]").forEach(function (group) {
      var off = chosen !== "" && group.getAttribute("data-route") !== chosen;
      group.hidden = off;
      group.disabled = off;
    });
  }
  routeInputs.forEach(function (input) { input.addEventListener("change", showRoute); });
  if (routeInputs.length) { showRoute(); }
  // Spare rows (<fieldset data-extra-row>) left empty are folded away behind <button data-show-extra-row>,
  // which opens the next one; without JavaScript every row shows.
  var more = document.querySelector("button[data-show-extra-row]");
  if (more) {
    var spare = Array.prototype.filter.call(document.querySelectorAll("fieldset[data-extra-row]"), function (row) {
      return !Array.prototype.some.call(row.querySelectorAll("input"), function (input) {
        return input.type === "checkbox" ? input.checked : input.value.trim() !== "";
      });
    });
    spare.forEach(function (row) { row.hidden = true; });
    more.hidden = spare.length === 0;
    more.addEventListener("click", function () {
      var next = spare.shift();
      if (next) { next.hidden = false; var first = next.querySelector("input"); if (first) { first.focus(); } }
      more.hidden = spare.length === 0;
    });
  }
  // Confirmation for destructive buttons: <button data-confirm="...">.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (e) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
});
