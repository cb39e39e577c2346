"""Linking plans: normalisation, suggestions, SSSOM in and out, accepted links in the build."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import SKOS

from graph_build import api, linking
from graph_build.cli import main
from graph_build.textnorm import expand, fold, tokens

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
    m = linking.Mapping(URIRef(BASE + "a/x"), "Trần Hồng Hà", "skos:exactMatch", URIRef(BASE + "b/y"),
                        "Trần Hồng Hà", 0.987, comment="person; label 1.00")
    path = tmp_path / "m.sssom.tsv"
    path.write_text(linking.to_sssom_tsv([m], BASE, BASE + "links/test"), encoding="utf-8")
    back = linking.read_sssom(path, BASE)
    assert [(b.subject, b.predicate, b.object, b.confidence) for b in back] == [(m.subject, m.predicate, m.object, 0.987)]
    rdf = linking.to_rdf(back, BASE)
    assert (m.subject, SKOS.exactMatch, m.object) in rdf


def _accepted(tmp_path: Path, subject: str, obj: str) -> Path:
    path = tmp_path / "accepted.sssom.tsv"
    path.write_text(
        "# curie_map:\n#   id: https://w3id.org/plankg/id/\n"
        "subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\tconfidence\n"
        f"{subject}\ta\tskos:closeMatch\t{obj}\tb\tsemapv:ManualMappingCuration\t1.0\n", encoding="utf-8")
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
    made = runner.invoke(main, ["new-plan", "cao-bang-2021-2030", "--name",
                                "Quy hoạch tỉnh Cao Bằng thời kỳ 2021 - 2030, tầm nhìn đến năm 2050",
                                "--plans-dir", str(tmp_path)])
    assert made.exit_code == 0, made.output
    checked = runner.invoke(main, ["validate", str(tmp_path / "cao-bang-2021-2030")])
    assert checked.exit_code == 0, checked.output
    again = runner.invoke(main, ["new-plan", "cao-bang-2021-2030", "--name", "x", "--plans-dir", str(tmp_path)])
    assert again.exit_code == 2 and "already exists" in again.stderr
    bad = runner.invoke(main, ["new-plan", "Cao Bằng", "--name", "x", "--plans-dir", str(tmp_path)])
    assert bad.exit_code == 2 and "lower-case" in bad.stderr
