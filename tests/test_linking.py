"""Linking plans: normalisation, suggestions, SSSOM in and out, accepted links in the build."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import SKOS

from graph_build.cli.main import main
from graph_build.core.textnorm import expand, fold, tokens
from graph_build.linking import suggest as linking
from graph_build.pipeline import api

from .conftest import MINI_PLAN

BASE = "https://w3id.org/plankg/id/"
ROOT = Path(__file__).parent.parent


def test_folding_matches_what_people_type():
    assert fold("Lạng Sơn") == fold("LANG SON") == fold("lạng   sơn") == "lang son"
    assert fold("Đồng Đăng – Trà Lĩnh") == "dong dang tra linh"
    assert tokens("KKT cửa khẩu Đồng Đăng - Lạng Sơn") == tokens("Khu kinh tế cửa khẩu Lạng Sơn – Đồng Đăng")
    assert expand("TP Lạng Sơn") == "thanh pho lang son"
    assert tokens("QL4A") == tokens("Quốc lộ 4A")


def test_sssom_round_trip(tmp_path):
    m = linking.Mapping(
        URIRef(BASE + "a/x"),
        "Trần Hồng Hà",
        "skos:exactMatch",
        URIRef(BASE + "b/y"),
        "Trần Hồng Hà",
        0.987,
        comment="person; label 1.00",
    )
    path = tmp_path / "m.sssom.tsv"
    path.write_text(linking.to_sssom_tsv([m], BASE, BASE + "links/test"), encoding="utf-8")
    back = linking.read_sssom(path, BASE)
    assert [(b.subject, b.predicate, b.object, b.confidence) for b in back] == [
        (m.subject, m.predicate, m.object, 0.987)
    ]
    rdf = linking.to_rdf(back, BASE, BASE + "links/test")
    assert (m.subject, SKOS.exactMatch, m.object) in rdf


def _accepted(tmp_path: Path, subject: str, obj: str) -> Path:
    path = tmp_path / "accepted.sssom.tsv"
    path.write_text(
        "# curie_map:\n#   id: https://w3id.org/plankg/id/\n"
        "subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\tconfidence\n"
        f"{subject}\ta\tskos:closeMatch\t{obj}\tb\tsemapv:ManualMappingCuration\t1.0\n",
        encoding="utf-8",
    )
    return path


def test_accepted_links_are_loaded_into_their_own_graph(tmp_path):
    links = _accepted(tmp_path, "id:mini-2021-2030/decision-999", "id:lang-son-2021-2030/decision-236")
    result = api.build([MINI_PLAN, ROOT / "plans" / "lang-son-2021-2030"], shacl=False, links=links)
    assert result.ok
    s, o = URIRef(BASE + "mini-2021-2030/decision-999"), URIRef(BASE + "lang-son-2021-2030/decision-236")
    assert (s, SKOS.closeMatch, o) in result.graph()
    assert (s, SKOS.closeMatch, o) in result.rdf.graph(result.links_graph_iri)
    # building one side only keeps the link out of that plan's graph, without an error
    alone = api.build([MINI_PLAN], shacl=False, links=links)
    assert alone.ok and (s, SKOS.closeMatch, o) not in alone.graph()


def test_an_accepted_link_to_a_missing_entity_is_an_error(tmp_path):
    links = _accepted(tmp_path, "id:mini-2021-2030/decision-998", "id:lang-son-2021-2030/decision-236")
    result = api.build([MINI_PLAN, ROOT / "plans" / "lang-son-2021-2030"], shacl=False, links=links)
    assert result.exit_code == 1
    [problem] = result.errors
    assert problem.line == 4 and "decision-998" in problem.message


def test_new_plan_scaffold_validates_at_once(tmp_path):
    runner = CliRunner()
    made = runner.invoke(
        main,
        [
            "new-plan",
            "mau-2021-2030",
            "--name",
            "Quy hoạch tỉnh Mẫu thời kỳ 2021 - 2030, tầm nhìn đến năm 2050",
            "--plans-dir",
            str(tmp_path),
        ],
    )
    assert made.exit_code == 0, made.output
    checked = runner.invoke(main, ["validate", str(tmp_path / "mau-2021-2030")])
    assert checked.exit_code == 0, checked.output
    again = runner.invoke(main, ["new-plan", "mau-2021-2030", "--name", "x", "--plans-dir", str(tmp_path)])
    assert again.exit_code == 2 and "already exists" in again.stderr
    bad = runner.invoke(main, ["new-plan", "Cao Bằng", "--name", "x", "--plans-dir", str(tmp_path)])
    assert bad.exit_code == 2 and "lower-case" in bad.stderr


LINKS = Path(__file__).parent / "data" / "links"
GOLD = {
    "bundled": (None, LINKS / "gold-bundled.tsv"),
    "fixtures": (
        [LINKS / "plans" / "alpha-2021-2030", LINKS / "plans" / "beta-2021-2030"],
        LINKS / "gold-fixtures.tsv",
    ),
}

import pytest  # noqa: E402


@pytest.mark.parametrize("name", sorted(GOLD))
def test_link_suggestion_meets_precision_and_recall(name):
    plans, gold = GOLD[name]
    graph = api.build(plans, shacl=False, links=False).graph()
    score = linking.evaluate(linking.suggest(graph), gold, BASE)
    assert score.precision >= 0.9, score
    assert score.recall >= 0.8, score
    # every labelled IRI names a real entity: a typo would make a "no" row meaningless
    subjects = set(graph.subjects())
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.startswith(("#", "subject_id")):
            continue
        for curie in line.split("\t")[:2]:
            assert URIRef(BASE + curie[3:]) in subjects, curie


def test_look_alikes_are_not_proposed():
    graph = api.build(GOLD["fixtures"][0], shacl=False, links=False).graph()
    pairs = {(m.subject_label, m.object_label) for m in linking.suggest(graph)}
    assert ("Phó Thủ tướng Chính phủ", "Thủ tướng Chính phủ") not in pairs
    assert ("UBND tỉnh Lạng Sơn", "Ủy ban nhân dân tỉnh Cao Bằng") not in pairs
    assert ("QL4A", "Quốc lộ 4B") not in pairs


def test_bundled_accepted_links_are_checked_suggestions():
    """Every accepted link is one the labelled set confirms."""
    accepted = linking.read_sssom(ROOT / "links" / "accepted.sssom.tsv", BASE)
    assert accepted, "the bundled plans share people, posts and projects: links are expected"
    yes = set()
    for line in GOLD["bundled"][1].read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 3 and cells[2] == "yes":
            yes.add(frozenset((BASE + cells[0][3:], BASE + cells[1][3:])))
    assert {frozenset((str(m.subject), str(m.object))) for m in accepted} <= yes


def test_link_command_writes_sssom_and_rdf(tmp_path):
    result = CliRunner().invoke(main, ["link", *map(str, GOLD["fixtures"][0]), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = (tmp_path / "links" / "suggested.sssom.tsv").read_text(encoding="utf-8")
    assert "skos:exactMatch" in rows and "id:alpha-2021-2030/ql4a" in rows
    back = linking.read_sssom(tmp_path / "links" / "suggested.sssom.tsv", BASE)
    assert len(back) == 16
    from rdflib import Graph

    assert len(Graph().parse(tmp_path / "links" / "suggested.ttl"))
