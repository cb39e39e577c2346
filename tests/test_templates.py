"""The views' page files (graph_build/views/assets/) and how they are filled in.

Text goes in escaped, markup only where the caller says so; every placeholder of
a template must be given; scripts and styles cannot close their element; and the
pages the library writes are exactly their template with the values in.
"""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from graph_build.views import templates as T

ASSETS = {"view.html", "view.css", "view.js", "index.html", "index.css", "docs.html", "docs.css"}


def test_the_assets_are_package_files():
    folder = files("graph_build.views") / "assets"
    assert {p.name for p in folder.iterdir()} == ASSETS
    assert all(T.asset(name).endswith("\n") for name in ASSETS)


def test_text_is_escaped_and_markup_is_not():
    page = T.fill(
        "index.html",
        text={"lang": "vi", "title": "<script>alert(1)</script> & “Lạng Sơn”", "date": '" onload="x'},
        markup={"css": "", "body": "<ul><li>ok</li></ul>"},
    )
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; “Lạng Sơn”" in page
    assert "&quot; onload=&quot;x" in page
    assert "<ul><li>ok</li></ul>" in page


def test_every_placeholder_must_be_given_once():
    with pytest.raises(KeyError, match="body"):
        T.fill("index.html", text={"lang": "vi", "title": "t", "date": "d"}, markup={"css": ""})
    with pytest.raises(ValueError, match="title"):
        T.fill(
            "index.html",
            text={"lang": "vi", "title": "t", "date": "d"},
            markup={"css": "", "body": "", "title": "<b>t</b>"},
        )


def test_scripts_and_styles_cannot_close_their_element():
    assert "</script" not in T.inline_script('var s = "</script><script>alert(1)</SCRIPT>";').lower()
    assert "</style" not in T.inline_style("a::after { content: '</style><script>x()</script>'; }").lower()
    assert "<" not in T.json_for_html({"label": "</script><!--"})


def test_a_written_view_is_its_template_filled_in(tmp_path):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from graph_build.core.namespace import PK
    from graph_build.views import generate as V

    g = Graph()
    plan = URIRef("https://w3id.org/plankg/id/t-2021-2030")
    g.add((plan, RDF.type, PK.ProvincialPlan))
    g.add((plan, RDFS.label, Literal("Quy hoạch <thử> & “kiểm tra”", lang="vi")))
    page = V.generate_view(g, tmp_path, date="2024-01-01").html.read_text(encoding="utf-8")
    assert T.asset("view.js") in page and T.asset("view.css") in page
    # the template's fixed text, line for line, around the values
    fixed = [line for line in T.asset("view.html").splitlines() if "${" not in line]
    lines = page.splitlines()
    assert all(line in lines for line in fixed)
    assert "${" not in re.sub(r"<script>.*?</script>", "", page, flags=re.DOTALL)
