/* Search page: queries the Pagefind index (only the fragments a query needs) and lists
   results with their plan and axis. Accents are folded before searching. */
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("recherche");
  var input = document.getElementById("recherche-q");
  var status = document.getElementById("recherche-statut");
  var list = document.getElementById("recherche-resultats");
  if (!form) return;
  var bundle = new URL(script.getAttribute("data-pagefind"), location.href).href;
  var pagefind = null;

  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }

  var PAGE = 10;  /* results fetched at a time: each one costs a fragment download */
  var current = null, shown = 0;

  async function more() {
    var slice = current.results.slice(shown, shown + PAGE);
    var data = await Promise.all(slice.map(function (r) { return r.data(); }));
    data.forEach(function (d) {
      var li = el("li", "resultat");
      var a = el("a", "resultat-titre", d.meta.title || d.url);
      a.href = d.url;
      li.appendChild(a);
      var where = [d.meta.genre, d.meta.plan, d.meta.axe].filter(Boolean).join(" › ");
      li.appendChild(el("span", "resultat-meta", where));
      var ex = el("span", "resultat-extrait");
      ex.innerHTML = d.excerpt; /* Pagefind escapes page text and only adds <mark> */
      li.appendChild(ex);
      list.appendChild(li);
    });
    shown += slice.length;
    button.hidden = shown >= current.results.length;
  }

  var button = el("button", "md-button", "Afficher plus de résultats");
  button.type = "button";
  button.hidden = true;
  list.parentNode.insertBefore(button, list.nextSibling);
  button.addEventListener("click", function () { more(); });

  async function run(q) {
    list.textContent = "";
    button.hidden = true;
    if (!q.trim()) { status.textContent = ""; return; }
    status.textContent = "Recherche en cours…";
    if (!pagefind) {
      pagefind = await import(bundle);
      /* noWorker: the index is searched on the page itself; Pagefind's web worker would be
         one more script to download (41 KB) for every search. */
      await pagefind.options({ excerptLength: 24, noWorker: true });
    }
    current = await pagefind.search(fold(q));
    shown = 0;
    await more();
    var n = current.results.length;
    status.textContent = n === 0 ? "Aucun résultat pour « " + q + " »" :
      n + (n > 1 ? " résultats" : " résultat") + " pour « " + q + " »";
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    history.replaceState(null, "", location.pathname + "?q=" + encodeURIComponent(input.value));
    run(input.value);
  });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; run(q); }
})();
