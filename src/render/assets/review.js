// bitext review page: filters, counts and keyboard navigation.
// Inlined by src/render/html.rs; the page reads fine without it.
(function () {
  "use strict";
  var findings = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("[data-f]"));
  var rows = Array.prototype.slice.call(document.querySelectorAll(".row.link"));
  var blocks = Array.prototype.slice.call(document.querySelectorAll(".row.block"));
  var folds = Array.prototype.slice.call(document.querySelectorAll("details.fold"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("nav.filters input[name]"));
  var only = document.getElementById("only-findings");
  var status = document.getElementById("status");
  var byId = {};
  findings.forEach(function (f) { byId[f.id] = f; });
  var current = null;

  // Filters and the selected finding live in the address, so a view can be
  // shared: #severity=error,warning&rule=term-missing&only=1&finding=p0-f3
  function readHash() {
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) params[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1));
    });
    ["severity", "rule"].forEach(function (name) {
      if (params[name] === undefined) return;
      var wanted = params[name].split(",");
      boxes.forEach(function (b) {
        if (b.name === name) b.checked = wanted.indexOf(b.value) >= 0;
      });
    });
    if (params.only !== undefined && only) only.checked = params.only === "1";
    return params.finding;
  }

  function writeHash() {
    var parts = [];
    ["severity", "rule"].forEach(function (name) {
      var all = boxes.filter(function (b) { return b.name === name; });
      var on = all.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      if (on.length !== all.length) parts.push(name + "=" + encodeURIComponent(on.join(",")));
    });
    if (only && only.checked) parts.push("only=1");
    if (current) parts.push("finding=" + encodeURIComponent(current.id));
    var hash = parts.length ? "#" + parts.join("&") : " ";
    if (history.replaceState) history.replaceState(null, "", hash === " " ? location.pathname + location.search : hash);
  }

  function enabled(name) {
    var set = {};
    boxes.forEach(function (b) { if (b.name === name && b.checked) set[b.value] = true; });
    return set;
  }

  function apply() {
    var sev = enabled("severity"), rule = enabled("rule");
    var shown = 0;
    findings.forEach(function (f) {
      var visible = !!sev[f.dataset.severity] && !!rule[f.dataset.rule];
      f.classList.toggle("hidden", !visible);
      if (visible) shown++;
    });
    marks.forEach(function (m) {
      var on = m.dataset.f.split(" ").some(function (id) {
        return byId[id] && !byId[id].classList.contains("hidden");
      });
      m.classList.toggle("off", !on);
    });
    rows.forEach(function (r) {
      var has = r.querySelector("li.finding:not(.hidden)") !== null;
      r.classList.toggle("hidden", !!(only && only.checked) && !has);
    });
    // Block rows and folded structure follow the pairs they stand over:
    // with "only pairs with findings", a block row stays when a pair under
    // it does, folded blocks go.
    var onlyOn = !!(only && only.checked);
    blocks.forEach(function (b) {
      var keep = !onlyOn;
      for (var n = b.nextElementSibling; !keep && n && !n.classList.contains("block"); n = n.nextElementSibling) {
        if (n.classList.contains("link") && !n.classList.contains("hidden")) keep = true;
      }
      b.classList.toggle("hidden", !keep);
    });
    folds.forEach(function (d) { d.classList.toggle("hidden", onlyOn); });
    if (current && current.classList.contains("hidden")) select(null);
    if (status) {
      status.textContent = "Showing " + shown + " of " + findings.length +
        (findings.length === 1 ? " finding" : " findings");
    }
    document.body.setAttribute("data-shown", String(shown));
  }

  function visibleFindings() {
    return findings.filter(function (f) {
      return !f.classList.contains("hidden") && !f.closest(".row.hidden");
    });
  }

  function select(f) {
    if (current) current.classList.remove("current");
    marks.forEach(function (m) { m.classList.remove("current"); });
    current = f;
    writeHash();
    if (!f) return;
    f.classList.add("current");
    marks.forEach(function (m) {
      if (m.dataset.f.split(" ").indexOf(f.id) >= 0) m.classList.add("current");
    });
    var row = f.closest(".row") || f;
    row.scrollIntoView({ block: "center", behavior: "smooth" });
    f.focus({ preventScroll: true });
  }

  function step(delta) {
    var list = visibleFindings();
    if (!list.length) return;
    var i = list.indexOf(current);
    if (i < 0) i = delta > 0 ? -1 : list.length;
    var next = Math.min(Math.max(i + delta, 0), list.length - 1);
    select(list[next]);
  }

  boxes.concat(only ? [only] : []).forEach(function (b) {
    b.addEventListener("change", function () { apply(); writeHash(); });
  });

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = (e.target && e.target.tagName) || "";
    if (tag === "TEXTAREA" || (tag === "INPUT" && e.target.type === "text")) return;
    if (e.key === "j") { step(1); e.preventDefault(); }
    else if (e.key === "k") { step(-1); e.preventDefault(); }
    else if (e.key === "o" && only) { only.checked = !only.checked; apply(); writeHash(); }
    else if (e.key === "Escape") { select(null); }
  });

  marks.forEach(function (m) {
    var ids = m.dataset.f.split(" ");
    m.addEventListener("mouseenter", function () {
      ids.forEach(function (id) { if (byId[id]) byId[id].classList.add("hover"); });
    });
    m.addEventListener("mouseleave", function () {
      ids.forEach(function (id) { if (byId[id]) byId[id].classList.remove("hover"); });
    });
    m.addEventListener("click", function () {
      var f = byId[ids[0]];
      if (f && !f.classList.contains("hidden")) select(f);
    });
  });
  findings.forEach(function (f) {
    f.addEventListener("click", function () { select(f); });
  });

  function load() {
    var wanted = readHash();
    apply();
    if (wanted && byId[wanted] && !byId[wanted].classList.contains("hidden")) select(byId[wanted]);
  }
  load();
  window.addEventListener("hashchange", load);
})();
