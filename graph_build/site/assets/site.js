(function () {
  "use strict";
  // The language switch: every text is on the page in both languages; CSS shows one (html[data-lang]).
  var root = document.documentElement;
  var button = document.getElementById("lang-switch");
  function setLang(lang) {
    root.setAttribute("data-lang", lang);
    root.setAttribute("lang", lang);
    button.textContent = lang === "vi" ? "English" : "Tiếng Việt";
    button.setAttribute("lang", lang === "vi" ? "en" : "vi");
    button.setAttribute("aria-pressed", lang === "en" ? "true" : "false");
    try { window.localStorage.setItem("plankg-lang", lang); } catch (e) { /* storage refused: the switch still works */ }
  }
  var saved = null;
  try { saved = window.localStorage.getItem("plankg-lang"); } catch (e) { saved = null; }
  setLang(saved === "en" ? "en" : "vi");
  button.addEventListener("click", function () { setLang(root.getAttribute("data-lang") === "vi" ? "en" : "vi"); });
  window.plankgFold = plankgFoldText;

  // The search page: entries come from search-index.js (window.plankgSearchIndex), folded on first use.
  var results = document.getElementById("results");
  if (!results || !window.plankgSearchIndex) { return; }
  var index = window.plankgSearchIndex, folded = null, base = document.body.getAttribute("data-root");
  var box = document.getElementById("q");
  function search(query) {
    if (folded === null) { folded = index.map(function (e) { return plankgFoldText(e[1] + " " + e[2]); }); }
    var words = plankgFoldText(query).split(" ").filter(function (w) { return w !== ""; });
    while (results.firstChild) { results.removeChild(results.firstChild); }
    var count = 0;
    for (var i = 0; i < index.length && count < 200 && words.length; i++) {
      var text = folded[i];
      if (words.every(function (w) { return text.indexOf(w) !== -1; })) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = base + index[i][0];
        var vi = document.createElement("span"); vi.className = "l-vi"; vi.lang = "vi"; vi.textContent = index[i][1];
        var en = document.createElement("span"); en.className = "l-en"; en.lang = "en"; en.textContent = index[i][2];
        a.appendChild(vi); a.appendChild(en);
        li.appendChild(a);
        var kind = document.createElement("span"); kind.className = "kind"; kind.textContent = " · " + index[i][3];
        li.appendChild(kind);
        results.appendChild(li);
        count++;
      }
    }
    document.getElementById("count").textContent = String(count);
  }
  var params = new URLSearchParams(window.location.search);
  var initial = params.get("q") || "";
  box.value = initial;
  if (initial) { search(initial); }
  box.addEventListener("input", function () { search(box.value); });
})();
