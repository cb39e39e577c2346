"""One search fold: the Python fold and the views' JavaScript fold agree, string for string.

The JavaScript is the page's own (``graph_build/views/assets/view.js``), run in
Debian's headless chromium on a view page the library writes; the Python is
``graph_build.core.textnorm.fold_search_text``, which the named queries'
``search`` parameters use. Both are run on the same table of Vietnamese
strings: tone marks, đ/Đ, composed (NFC) and decomposed (NFD) forms, capitals,
ư/ơ, runs of white space of every kind.
"""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph_build.core import textnorm
from graph_build.core.namespace import PK
from graph_build.sparql import library
from graph_build.views import generate as V
from graph_build.views.templates import asset

from .browser import browser, open_page  # noqa: F401 (browser is a fixture)

BASE = "https://w3id.org/plankg/id/"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


#: Input → what the fold gives.
TABLE = {
    "Lạng Sơn": "lang son",
    "LẠNG SƠN": "lang son",
    nfd("Lạng Sơn"): "lang son",
    nfd("Đồng Đăng"): "dong dang",
    "Đồng Đăng": "dong dang",
    "đồng đăng": "dong dang",
    "Khu kinh tế cửa khẩu": "khu kinh te cua khau",
    "ĐỒNG ĐĂNG – LẠNG SƠN": "dong dang – lang son",
    nfd("ĐỒNG ĐĂNG – LẠNG SƠN"): "dong dang – lang son",
    "  Lạng   Sơn  ": "lang son",
    "Lạng\tSơn\n": "lang son",
    "Lạng\u00a0Sơn\u3000Đồng\u2003Đăng": "lang son dong dang",  # no-break, ideographic, em spaces
    "ư ơ Ư Ơ ừ ờ Ữ Ỡ ự ợ": "u o u o u o u o u o",
    nfd("ư ơ Ư Ơ ừ ờ Ữ Ỡ ự ợ"): "u o u o u o u o u o",
    "Thành phố Hồ Chí Minh": "thanh pho ho chi minh",
    "Quốc lộ 4A, QL1A": "quoc lo 4a, ql1a",
    "Tỉnh Hà Giang (2021–2030)": "tinh ha giang (2021–2030)",
    "Nghị quyết số 11/NQ-TW": "nghi quyet so 11/nq-tw",
    "Bắc Kạn · Cao Bằng": "bac kan · cao bang",
    "ẤP ẮP ẬP ẶP ÊÊ ỆỂ ỸỲ": "ap ap ap ap ee ee yy",
    "Phát triển kinh tế xã hội": "phat trien kinh te xa hoi",
    "a\u0323\u0302": "a",  # a + dot below + circumflex, in the "wrong" order: still just a marked a
    "": "",
    "   ": "",
    "İstanbul": "istanbul",  # a capital whose lower case carries a mark
    "ΣΟΦΟΣ": "σοφος",  # final sigma
}
#: Marks outside U+0300–U+036F, which a fold removing only that block would keep.
OTHER_MARKS = ["x\u1dc4y", "x\u20d0y", "x\ufe20y", "ก\u0e31"]
#: Characters that are not white space, though some engines' \s count them.
NOT_SPACE = ["a\ufeffb", "a\u200bb", "a\u180eb"]
EVERY_WHITE_SPACE = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()]


def _inputs() -> list[str]:
    spaces = [f"Lạng{c}{c}Sơn{c}" for c in EVERY_WHITE_SPACE]
    return list(TABLE) + OTHER_MARKS + NOT_SPACE + spaces


def test_python_fold_gives_the_table():
    assert {text: textnorm.fold_search_text(text) for text in TABLE} == TABLE


def test_python_fold_is_one_function():
    # the named queries' search parameter and linking's fold use the one in core.textnorm
    assert library.fold_search_text is textnorm.fold_search_text
    assert textnorm.fold("ĐỒNG ĐĂNG – LẠNG SƠN") == "dong dang lang son"  # fold_search_text, then punctuation


def test_python_fold_removes_every_mark_and_only_white_space():
    assert [textnorm.fold_search_text(t) for t in OTHER_MARKS] == ["xy", "xy", "xy", "ก"]
    assert [textnorm.fold_search_text(t) for t in NOT_SPACE] == NOT_SPACE
    assert {textnorm.fold_search_text(f"Lạng{c}{c}Sơn{c}") for c in EVERY_WHITE_SPACE} == {"lang son"}


def test_the_page_has_one_fold():
    from graph_build.core.pagekit import fold_js

    assert fold_js().count("function plankgFoldText(") == 1
    js = asset("view.js")  # the view's script uses that one, it writes no fold of its own
    assert "function fold(" not in js and 'normalize("NFD")' not in js and "var fold = plankgFoldText;" in js


@pytest.fixture(scope="module")
def view_page(browser, tmp_path_factory):
    """A real view page, written by the library, whose labels are the table's strings."""
    g = Graph()
    plan = URIRef(BASE + "fold-2021-2030")
    g.add((plan, RDF.type, PK.ProvincialPlan))
    g.add((plan, RDFS.label, Literal("Quy hoạch tỉnh Lạng Sơn", lang="vi")))
    for i, label in enumerate(t for t in TABLE if t.strip()):
        node = URIRef(f"{BASE}fold-2021-2030/task-{i}")
        g.add((node, RDF.type, PK.KeyTask))
        g.add((node, RDFS.label, Literal(label, lang="vi")))
        g.add((node, PK.inPlan, plan))
        g.add((plan, PK.hasKeyTask, node))
    files = V.generate_view(g, tmp_path_factory.mktemp("fold"), date="2024-01-01")
    page = open_page(browser, files.html)
    yield page
    assert page.console_errors == [] and page.blocked == [] and page.dialogs == []
    page.page.close()


def test_javascript_fold_agrees_with_python(view_page):
    inputs = _inputs()
    folded = view_page.js(f"{json.dumps(inputs)}.map(function (t) {{ return window.plankgFold(t); }})")
    disagree = {
        text: (js, textnorm.fold_search_text(text))
        for text, js in zip(inputs, folded)
        if js != textnorm.fold_search_text(text)
    }
    assert disagree == {}, "JavaScript fold vs Python fold"
    assert len(folded) == len(inputs) > len(TABLE) + 20


def test_page_search_finds_every_form(view_page):
    """Typed in any of the forms, the search box finds the labels the Python fold says match."""
    labels = view_page.js("window.plankgNetwork.nodes.get().map(function (n) { return [n.id, n.label]; })")
    for query in ("lang son", "LẠNG SƠN", nfd("Lạng Sơn"), "  lạng  sơn ", "DONG DANG"):
        view_page.page.fill("#search", query)
        found = set(
            view_page.js(
                "Array.from(document.querySelectorAll('#results li[data-id]'), function (li) { return li.dataset.id; })"
            )
        )
        wanted = textnorm.fold_search_text(query)
        expected = {node for node, label in labels if wanted in textnorm.fold_search_text(label)}
        assert expected and found == expected, query
    view_page.page.fill("#search", "")
