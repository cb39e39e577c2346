// The search fold, step for step the one in Python (graph_build.core.textnorm.fold_search_text;
// tests/test_fold.py runs both on the same strings): NFC, lower case, NFD, every mark (category M)
// removed, đ/Đ → d/D, NFC, then runs of white space as one space, trimmed. White space is what
// Python's str.split() splits on, spelt out: JavaScript's \s differs (it has U+FEFF, not U+001C–U+001F, U+0085).
// Every page that searches (the network views, the site) inlines this one file before its own script.
var PLANKG_WHITE_SPACE = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
function plankgFoldText(text) {
  return String(text || "").normalize("NFC").toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")
    .replace(/\u0111/g, "d").replace(/\u0110/g, "D").normalize("NFC")
    .split(PLANKG_WHITE_SPACE).filter(function (word) { return word !== ""; }).join(" ");
}
