/* « Trouver une fiche »: filters the list already in the page; the filters live in the URL. */
(function () {
  "use strict";
  var form = document.getElementById("filtres");
  var list = document.getElementById("resultats");
  if (!form || !list) return;
  var items = Array.prototype.slice.call(list.children);
  var count = document.getElementById("compte");
  var text = document.getElementById("filtre-q");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-facette]"));

  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  items.forEach(function (li) { li._texte = fold(li.getAttribute("data-texte")); });

  function matches(li, skip) {
    for (var i = 0; i < selects.length; i++) {
      var s = selects[i];
      if (s === skip || !s.value) continue;
      var values = (li.getAttribute("data-" + s.dataset.facette) || "").split(" ");
      if (values.indexOf(s.value) < 0) return false;
    }
    var words = fold(text.value).split(/\s+/).filter(Boolean);
    for (var j = 0; j < words.length; j++) if (li._texte.indexOf(words[j]) < 0) return false;
    return true;
  }

  function update(push) {
    var shown = 0;
    items.forEach(function (li) {
      var ok = matches(li, null);
      li.hidden = !ok;
      if (ok) shown++;
    });
    // Counts of each facet value among the fiches the other filters leave.
    selects.forEach(function (s) {
      var tally = {}, total = 0;
      items.forEach(function (li) {
        if (!matches(li, s)) return;
        total++;
        (li.getAttribute("data-" + s.dataset.facette) || "").split(" ").forEach(function (v) {
          if (v) tally[v] = (tally[v] || 0) + 1;
        });
      });
      Array.prototype.forEach.call(s.options, function (o) {
        if (!o.value) { o.textContent = "Tous (" + total + ")"; return; }
        o.textContent = o.dataset.libelle + " (" + (tally[o.value] || 0) + ")";
      });
    });
    count.textContent = shown === 0 ? "Aucune fiche ne correspond" : shown + (shown > 1 ? " fiches" : " fiche");
    if (push !== false) {
      var params = new URLSearchParams();
      if (text.value) params.set("q", text.value);
      selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); });
      var qs = params.toString();
      history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
    }
  }

  var params = new URLSearchParams(location.search);
  text.value = params.get("q") || "";
  selects.forEach(function (s) { var v = params.get(s.name); if (v) s.value = v; });
  form.hidden = false;
  form.addEventListener("input", function () { update(); });
  form.addEventListener("change", function () { update(); });
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  form.addEventListener("reset", function () { setTimeout(function () { update(); }, 0); });
  update(false);
})();
