"""The static plan portal (``plankg site``) in Debian's headless chromium, offline.

The site is written once per module from the bundled plans plus one plan whose labels
carry markup (``<script>``, ``&``). A crawl of every file checks every link and that
every entity of the graph has its page; a sample of pages (every kind, and every tenth
entity) is opened in chromium with the network blocked: no console error, no outside
request. Keyboard use, the search fold, the language switch and axe-core's
accessibility rules (serious and critical findings) are checked on real pages.
"""

from __future__ import annotations

import hashlib
import json
import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graph_build.core import textnorm
from graph_build.core.namespace import PK
from graph_build.site.model import SiteIndex, page_path
from graph_build.site.write import write_site

from .browser import start_browser
from .test_fold import _inputs

MARKUP_PLAN = URIRef("https://w3id.org/plankg/id/markup-2021-2030")
MARKUP_LABEL = '<script>alert("x")</script> & <b>bold</b>'
AXE = Path(
    os.environ.get("PLANKG_AXE_JS", Path(__file__).resolve().parent.parent / ".cache/axe-core-4.14.1/axe.min.js")
)


@pytest.fixture(scope="module")
def graph(bundled_graph) -> Graph:
    g = Graph()
    for t in bundled_graph.triples((None, None, None)):
        g.add(t)
    task = URIRef(str(MARKUP_PLAN) + "/task-1")
    g.add((MARKUP_PLAN, RDF.type, PK.ProvincialPlan))
    g.add((MARKUP_PLAN, RDFS.label, Literal(MARKUP_LABEL, lang="vi")))
    g.add((MARKUP_PLAN, RDFS.label, Literal("Plan & <i>co</i>", lang="en")))
    g.add((MARKUP_PLAN, PK.hasKeyTask, task))
    g.add((task, RDF.type, PK.KeyTask))
    g.add((task, PK.inPlan, MARKUP_PLAN))
    g.add((task, RDFS.label, Literal("Nhiệm vụ <img src=x onerror=alert(1)>", lang="vi")))
    return g


@pytest.fixture(scope="module")
def site(graph, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    write_site(graph, out)
    return out


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_graph_same_bytes(graph, site, tmp_path):
    again = tmp_path / "again"
    write_site(graph, again)
    assert _digest(again) == _digest(site)


def test_inferred_links_say_so_with_their_rule(site):
    """A link the text does not state shows its rule and what it rests on; a stated one does not."""
    task = (site / "id/lang-son-2021-2030/task-1-institutions.html").read_text(encoding="utf-8")
    serves = task.split('class="inferred"', 1)[1].split("</li>", 1)[0]
    assert '<a href="../../vocab/inference-rule/theo-do.html">' in serves
    assert '<a href="objective-2030.html">' in serves  # prov:wasDerivedFrom
    rule = (site / "vocab/inference-rule/theo-do.html").read_text(encoding="utf-8")
    assert "“Theo đó”" in rule
    decision = (site / "id/lang-son-2021-2030/decision-236.html").read_text(encoding="utf-8")
    assert 'class="inferred"' not in decision


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.loads: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "form" and "action" in a:  # the search box leads to the search page
            self.links.append(a["action"])
        for key in ("src",):
            if key in a:
                self.loads.append(a[key])
        if tag == "link" and "href" in a:
            self.loads.append(a["href"])


def test_crawl_finds_no_broken_link_and_a_page_for_every_entity(graph, site):
    """From the front page, follow every link inside the site: none is broken, and every entity is reached."""
    root = os.path.normpath(str(site))
    parsed: dict[str, _Links] = {}
    todo, broken, outside = [os.path.join(root, "index.html")], [], []
    while todo:
        page = todo.pop()
        if page in parsed:
            continue
        parser = parsed[page] = _Links()
        with open(page, encoding="utf-8") as f:
            parser.feed(f.read())
        outside += [(page, load) for load in parser.loads if urlsplit(load).scheme or load.startswith("//")]
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                continue  # a link out (a source's web address), never loaded
            target = os.path.normpath(os.path.join(os.path.dirname(page), unquote(parts.path))) if parts.path else page
            if not target.startswith(root + os.sep) or not os.path.isfile(target):
                broken.append((page[len(root) :], link))
            elif target.endswith(".html"):
                todo.append(target)
    for page, parser in parsed.items():  # anchors (def.html#Target) exist on the page they point into
        for link in parser.links:
            parts = urlsplit(link)
            if parts.fragment and not parts.scheme:
                target = (
                    os.path.normpath(os.path.join(os.path.dirname(page), unquote(parts.path))) if parts.path else page
                )
                if parts.fragment not in parsed[target].ids:
                    broken.append((page[len(root) :], link))
    assert broken == [] and outside == []
    entities = SiteIndex(graph).entities()
    unreached = [e for e in entities if os.path.join(root, page_path(e) + ".html") not in parsed]
    assert unreached == [] and len(entities) > 500  # a page for every entity of the graph, reached by the crawl
    assert len(parsed) == len(list(site.rglob("*.html")))  # and no page that nothing links to
    for e in entities[::100]:  # each page's data files are beside it and hold its triples
        base = site / page_path(e)
        ttl = Graph().parse(base.with_name(base.name + ".ttl"), format="turtle")
        assert len(ttl) == len(Graph().parse(base.with_name(base.name + ".jsonld"), format="json-ld")) > 0


@pytest.fixture(scope="module")
def chromium():
    manager, browser = start_browser()
    yield browser
    browser.close()
    manager.stop()


def _open(chromium, path: Path, query: str = ""):
    from graph_build.views.generate import block_network

    page = chromium.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    blocked = block_network(page)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.resolve().as_uri() + query)
    return page, errors, blocked, dialogs


def _sample(site: Path) -> list[Path]:
    fixed = [
        "index.html",
        "search.html",
        "def.html",
        "compare/index.html",
        "compare/sectors.html",
        "id/lang-son-2021-2030.html",
        "id/markup-2021-2030.html",
        "vocab/sector/transport.html",
    ]
    entities = sorted((site / "id").rglob("*.html"))
    comparisons = sorted((site / "compare").glob("*.html"))
    return [site / f for f in fixed] + entities[::25] + comparisons[::6]


def test_pages_load_offline_without_errors(chromium, site):
    page, errors, blocked, dialogs = _open(chromium, site / "index.html")
    failures = []
    for path in _sample(site):  # one tab, page after page: what a reader does
        page.goto(path.resolve().as_uri())
        if errors or blocked or dialogs:
            failures.append((str(path.relative_to(site)), list(errors), list(blocked), list(dialogs)))
            errors.clear(), blocked.clear(), dialogs.clear()
    page.close()
    assert failures == []


def test_markup_in_labels_is_text(chromium, site):
    page, errors, blocked, dialogs = _open(chromium, site / "id/markup-2021-2030.html")
    assert page.inner_text("h1") == MARKUP_LABEL
    assert page.evaluate("document.scripts.length") == 1  # the page's own script, none from a label
    assert page.evaluate("document.querySelectorAll('main b, main img, main i').length") == 0
    page.click("#lang-switch")
    assert page.inner_text("h1") == "Plan & <i>co</i>"
    assert errors == blocked == dialogs == []
    page.close()


def test_search_folds_tone_marks_like_python(chromium, site):
    page, errors, blocked, _ = _open(chromium, site / "search.html", "?q=LANG%20SON")
    hrefs = page.evaluate("Array.from(document.querySelectorAll('#results a'), a => a.getAttribute('href'))")
    assert "id/lang-son-2021-2030.html" in hrefs
    page.fill("#q", "lạng   sơn")
    assert page.evaluate("Array.from(document.querySelectorAll('#results a'), a => a.getAttribute('href'))") == hrefs
    inputs = _inputs()
    folded = page.evaluate(f"{json.dumps(inputs)}.map(t => window.plankgFold(t))")
    assert folded == [textnorm.fold_search_text(t) for t in inputs]  # the one fold, as in the views
    assert errors == blocked == []
    page.close()


def test_keyboard_reaches_the_switch_and_follows_links(chromium, site):
    page, errors, _, _ = _open(chromium, site / "index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "lang-switch":
            break
    assert page.evaluate("document.activeElement.id") == "lang-switch"
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.dataset.lang") == "en"
    for _ in range(5):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if href.startswith("id/"):
            break
    assert href.startswith("id/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/" + href)
    assert page.evaluate("document.documentElement.dataset.lang") == "en"  # the choice is kept
    assert errors == []
    page.close()


def test_axe_finds_no_serious_violation(chromium, site):
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: scripts/test.sh fetches it (or set PLANKG_AXE_JS); never skipped")
    found = {}
    indicator = sorted((site / "compare").glob("indicator-*.html"))[0].relative_to(site)
    for name in (
        "index.html",
        "id/lang-son-2021-2030.html",
        "id/lang-son-2021-2030/breakthrough-1-digital-transformation.html",
        str(indicator),
    ):
        path = site / name
        page, _, _, _ = _open(chromium, path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        found[name] = [
            (v["id"], v["impact"], len(v["nodes"]))
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        page.close()
    assert found == {name: [] for name in found}


def test_the_command_writes_the_site_and_refuses_a_file_as_out(cli, tmp_path):
    out = tmp_path / "site"
    result = cli("site", "plans/lang-son-2021-2030", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file() and (out / "id/lang-son-2021-2030.html").is_file()
    assert (out / "id/lang-son-2021-2030.ttl").is_file() and (out / "def.html").is_file()
    taken = tmp_path / "a-file"
    taken.write_text("not a folder", encoding="utf-8")
    result = cli("site", "plans/lang-son-2021-2030", "--out", str(taken))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert taken.read_text(encoding="utf-8") == "not a folder"


def test_a_folder_that_is_not_a_site_is_never_replaced(cli, tmp_path):
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "notes.txt").write_text("mine", encoding="utf-8")
    result = cli("site", "plans/lang-son-2021-2030", "--out", str(precious))
    assert result.exit_code == 2 and "refusing to replace it" in result.output
    assert [p.name for p in precious.iterdir()] == ["notes.txt"]


def test_build_with_site_refuses_a_foreign_site_folder_before_writing_anything(cli, tmp_path):
    out = tmp_path / "out"
    (out / "site").mkdir(parents=True)
    (out / "site" / "notes.txt").write_text("mine", encoding="utf-8")
    result = cli("build", "plans/lang-son-2021-2030", "--out", str(out), "--site", "--shacl", "never")
    assert result.exit_code == 2 and "refusing to replace it" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["site"]  # no graph file written before the refusal
    assert [p.name for p in (out / "site").iterdir()] == ["notes.txt"]
    result = cli("build", "plans/lang-son-2021-2030", "--out", str(tmp_path / "fresh"), "--site", "--shacl", "never")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "fresh" / "plankg.ttl").is_file() and (tmp_path / "fresh" / "site" / "index.html").is_file()
    assert 'href="site/index.html"' in (tmp_path / "fresh" / "index.html").read_text(encoding="utf-8")


def test_a_page_over_the_limit_stops_the_run_and_keeps_the_old_site(cli, tmp_path, monkeypatch):
    from graph_build.site import write

    out = tmp_path / "site"
    assert cli("site", "plans/lang-son-2021-2030", "--out", str(out), "-q").exit_code == 0
    before = _digest(out)
    monkeypatch.setattr(write, "MAX_PAGE_BYTES", 20_000)
    result = cli("site", "plans/lang-son-2021-2030", "--out", str(out))
    assert result.exit_code == 2 and "more than MAX_PAGE_BYTES = 20000" in result.output
    assert "Traceback" not in result.output
    assert _digest(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging left
