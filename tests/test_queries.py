"""The named query library, its safe parameters, the result formats and the query CLI.

Expected rows are written out from plans/lang-son-2021-2030/plan.yaml (and the
mini plan of tests/data for the cross-plan queries); where a result is long
(entities without a quote) the expectation is computed from the YAML itself,
independently of the graph.
"""

from __future__ import annotations

import csv
import doctest
import io
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD

from graph_build.sparql import library as Q
from graph_build.sparql import results as R
from graph_build.cli.main import main
from graph_build.core.errors import QueryError
from graph_build.core.namespace import PK

from .conftest import MINI_PLAN

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/plankg/id/"
LS = "lang-son-2021-2030"
MINI = "mini-2021-2030"
QUERY_FILES = sorted((ROOT / "queries").glob("*.rq"))


# ------------------------------------------------------------------------------------------
# Fixtures and helpers
# ------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def graph():
    """The Lạng Sơn plan and the reference data: the bundled build, restricted to that one plan.

    Other bundled plans (added by the linking work) must not change these
    expectations, so the queries run on this graph, also when a test or the CLI
    asks for the default graph (see ``default_graph_is_lang_son``).
    """
    from graph_build import build

    return build(shacl=False).graph(plans=[LS])


@pytest.fixture(scope="session")
def two_plans():
    """Lạng Sơn plus the mini plan (same territory, two shared sectors), merged."""
    from graph_build import build
    from graph_build.core import resources

    return build([*resources.bundled_plans(), MINI_PLAN], shacl=False).graph(plans=[LS, MINI])


@pytest.fixture(scope="session")
def lang_son_store(graph):
    from graph_build.stores.source import open_source

    return open_source(graph=graph)


@pytest.fixture(autouse=True)
def default_graph_is_lang_son(monkeypatch, lang_son_store):
    from graph_build.stores import source

    monkeypatch.setattr(source, "bundled_store", lambda engine=source.MEMORY_ENGINE: lang_son_store)


def copy_of(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        out.add(triple)
    return out


def plain(term):
    """A term as a short plain value: plan-data IRIs without the base, literals as their lexical form."""
    if term is None:
        return None
    text = str(term)
    if isinstance(term, URIRef):
        if text.startswith(BASE):
            return text[len(BASE):]
        if text.startswith("https://w3id.org/plankg/vocab/"):
            return "vocab:" + text[len("https://w3id.org/plankg/vocab/"):]
    return text


def cols(result, *names):
    """The rows of ``result`` restricted to ``names``, as plain values, in result order."""
    index = [result.vars.index(n) for n in names]
    return [tuple(plain(row[i]) for i in index) for row in result.rows]


# ------------------------------------------------------------------------------------------
# Every file: header and syntax
# ------------------------------------------------------------------------------------------
def test_there_are_enough_queries():
    assert len(QUERY_FILES) >= 15
    assert not (ROOT / "queries" / ".keep").exists()


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_file_has_valid_header_and_parses(path):
    query = Q.load_query_file(path)
    assert query.summary["vi"].strip() and query.summary["en"].strip()
    assert query.tags, "every query is tagged"
    for param in query.params.values():
        assert param.type in Q.PARAMETER_TYPES
        assert param.default != ""
        assert f"?_{param.name}" in query.body
    prepared = Q.prepare(query.text, str(path))
    assert prepared.algebra.name == "SelectQuery"


def _write(tmp_path, text: str) -> Path:
    path = tmp_path / "bad.rq"
    path.write_text(text, encoding="utf-8")
    return path


BODY = "SELECT ?s WHERE { ?s ?p ?o }\n"
GOOD_SUMMARY = "#+ summary:\n#+   vi: Tóm tắt\n#+   en: Summary\n"


@pytest.mark.parametrize("text, message, line", [
    (BODY, "no '#+' header", 1),
    ("#+ summary: [unclosed\n" + BODY, "not valid YAML", 1),
    ("#+ summary:\n#+   vi: x\n#+   vi: y\n#+   en: z\n" + BODY, "duplicate key", 3),
    ("#+ summary:\n#+   vi: Chỉ tiếng Việt\n" + BODY, "[summary]", 1),
    (GOOD_SUMMARY + "#+ author: someone\n" + BODY, "unknown header key", 4),
    (GOOD_SUMMARY + "#+ tags: plan\n" + BODY, "[tags]", 4),
    (GOOD_SUMMARY + "#+ params:\n#+   plan:\n#+     type: plan\n#+     description: {vi: a, en: b}\n"
     + "SELECT ?s WHERE { ?s ?p ?_plan }\n", "default value is required", 5),
    (GOOD_SUMMARY + "#+ params:\n#+   plan:\n#+     type: wibble\n#+     default: x\n"
     + "#+     description: {vi: a, en: b}\nSELECT ?s WHERE { ?s ?p ?_plan }\n", "type must be one of", 5),
    (GOOD_SUMMARY + "SELECT ?s WHERE { ?s ?p ?_plan }\n", "declares no parameter 'plan'", None),
    (GOOD_SUMMARY + "#+ params:\n#+   plan:\n#+     type: plan\n#+     default: x\n"
     + "#+     description: {vi: a, en: b}\n" + BODY, "never uses ?_plan", 5),
])
def test_bad_headers_are_errors_with_file_and_line(tmp_path, text, message, line):
    path = _write(tmp_path, text)
    with pytest.raises(QueryError) as info:
        Q.load_query_file(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    if line is not None:
        assert f"{path}:{line}:" in str(info.value)


def test_unknown_query_is_an_error_naming_it():
    with pytest.raises(QueryError, match="unknown query 'no-such-query'"):
        Q.run_query("no-such-query")
    with pytest.raises(QueryError, match="unknown query"):
        Q.get_query("../etc/passwd")


# ------------------------------------------------------------------------------------------
# Every query: its exact rows on the bundled Lạng Sơn graph, with default parameters
# ------------------------------------------------------------------------------------------
O2030 = f"{LS}/objective-2030"
DOC = f"{LS}/source/announcement-2024"
EXPECTED: dict[str, tuple[tuple[str, ...], list[tuple]]] = {
    "plans": (("plan", "label", "period_start", "period_end", "vision_year"), [
        (LS, "Quy hoạch tỉnh Lạng Sơn thời kỳ 2021 - 2030, tầm nhìn đến năm 2050", "2021", "2030", "2050"),
    ]),
    "plan-overview": (("plan", "type", "period_start", "period_end", "vision_year", "decision", "decision_number",
                       "decision_date", "signed_by"), [
        (LS, "ProvincialPlan", "2021", "2030", "2050", f"{LS}/decision-236", "236/QĐ-TTg", "2024-03-19",
         "Trần Hồng Hà"),
    ]),
    "plan-decisions": (("decision", "number", "date", "signed_by", "approves_plan"), [
        (f"{LS}/decision-748", "748/QĐ-TTg", "2020-06-03", None, "false"),
        (f"{LS}/decision-236", "236/QĐ-TTg", "2024-03-19", "Trần Hồng Hà", "true"),
        (f"{LS}/decision-1371", "1371/QĐ-TTg", "2024-11-13", "Trần Hồng Hà", "false"),
    ]),
    "plan-vision": (("vision", "label", "year"), [(f"{LS}/vision-2050", "Tầm nhìn đến năm 2050", "2050")]),
    "objectives-and-targets": (("objective", "target", "indicator", "min", "max", "value", "rank", "unit",
                                "comparison"), [
        (O2030, f"{LS}/target-agriculture-growth", "agriculture-growth", "2.5", "3.5", None, None,
         "percent-per-year", "between"),
        (O2030, f"{LS}/target-economic-scale-rank", "economic-scale-rank", None, None, None, "5", None, "among-top"),
        (O2030, f"{LS}/target-grdp-growth", "grdp-growth", "8.0", "9.0", None, None, "percent-per-year", "between"),
        (O2030, f"{LS}/target-grdp-per-capita", "grdp-per-capita", None, None, "150.0", None, "million-vnd",
         "approximately"),
        (O2030, f"{LS}/target-grdp-per-capita-rank", "grdp-per-capita-rank", None, None, None, "5", None,
         "among-top"),
        (O2030, f"{LS}/target-industry-construction-growth", "industry-construction-growth", "12.0", "13.0", None,
         None, "percent-per-year", "between"),
        (O2030, f"{LS}/target-poverty-rate-reduction", "poverty-rate-reduction", "2.0", "3.0", None, None,
         "percentage-points-per-year", "between"),
        (O2030, f"{LS}/target-product-tax-growth", "product-tax-growth", "8.0", "9.0", None, None,
         "percent-per-year", "between"),
        (O2030, f"{LS}/target-services-growth", "services-growth", "8.0", "9.0", None, None, "percent-per-year",
         "between"),
        (O2030, f"{LS}/target-share-agriculture", "share-agriculture", "12.0", "13.0", None, None, "percent",
         "between"),
        (O2030, f"{LS}/target-share-industry-construction", "share-industry-construction", "32.0", "33.0", None,
         None, "percent", "between"),
        (O2030, f"{LS}/target-share-services", "share-services", "50.0", "51.0", None, None, "percent", "between"),
        (O2030, f"{LS}/target-total-investment", "total-investment", None, None, "340.0", None,
         "thousand-billion-vnd", "approximately"),
    ]),
    "key-tasks": (("ordinal", "task", "serves"), [
        (str(n), f"{LS}/{task}", O2030) for n, task in enumerate([
            "task-1-institutions", "task-2-infrastructure", "task-3-human-resources", "task-4-tourism",
            "task-5-innovation", "task-6-agriculture", "task-7-culture", "task-8-defence-security"], start=1)
    ]),
    "breakthroughs": (("ordinal", "breakthrough", "serves", "projects"), [
        ("1", f"{LS}/breakthrough-1-digital-transformation", O2030, "0"),
        ("2", f"{LS}/breakthrough-2-infrastructure", O2030, "0"),
        ("3", f"{LS}/breakthrough-3-border-gate-economy", O2030, "0"),
        ("4", f"{LS}/breakthrough-4-industry", O2030, "0"),
    ]),
    "concerns-sector": (("plan", "entity", "type", "relation"), [
        (LS, f"{LS}/breakthrough-3-border-gate-economy", "Breakthrough", "concernsSector"),
        (LS, f"{LS}/task-4-tourism", "KeyTask", "concernsSector"),
        (LS, f"{LS}/lang-son-geopark", "Place", "concernsSector"),
        (LS, f"{LS}/mau-son-tourist-area", "Place", "concernsSector"),
        (LS, f"{LS}/relic-bac-son", "Place", "concernsSector"),
        (LS, f"{LS}/relic-chi-lang", "Place", "concernsSector"),
        (LS, f"{LS}/project-1371-geopark-tourism", "Project", "concernsSector"),
        (LS, f"{LS}/orientation-agriculture-forestry-fisheries", "SectorOrientation", "forSector"),
        (LS, f"{LS}/vision-2050", "Vision", "concernsSector"),
    ]),
    "concerns-place": (("plan", "entity", "type", "label", "relation"), [
        (None, "ref/expressway-huu-nghi-chi-lang", "Infrastructure", "Cao tốc cửa khẩu Hữu Nghị - Chi Lăng",
         "locatedIn"),
        (LS, f"{LS}/kcn-dong-banh", "IndustrialPark", "Khu công nghiệp Đồng Bành", "locatedIn"),
        (LS, f"{LS}/kkt-dong-dang-lang-son", "BorderGateEconomicZone", "Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn",
         "locatedIn"),
        (LS, f"{LS}/project-huu-nghi-chi-lang-expressway", "Project",
         "Dự án đường cao tốc cửa khẩu Hữu Nghị - Chi Lăng", "locatedIn"),
    ]),
    "projects-by-funding": (("group", "funding", "stated", "named"), [
        (f"{LS}/projects-priority-173", None, "173", "0"),
        (f"{LS}/projects-investment-attraction-108", "investment-attraction", "108", "0"),
        (f"{LS}/projects-provincial-38", "provincial", "38", "0"),
        (f"{LS}/projects-central-27", "central", "27", "0"),
        (f"{LS}/projects-1371-public-investment", None, None, "5"),  # decision 1371's priorities: no count stated
    ]),
    "partners": (("partner", "label", "type"), [
        ("ref/asean", "Các nước ASEAN", "InternationalBloc"),
        ("ref/china", "Trung Quốc", "Country"),
        ("ref/europe", "Châu Âu", "Region"),
    ]),
    "events": (("date", "event", "date_is_planned", "organiser"), [
        ("2024-04-15", f"{LS}/press-briefing", "false", "UBND tỉnh Lạng Sơn"),
        ("2024-04-21", f"{LS}/conference-2024", "true", "Ban tổ chức"),
        ("2024-04-21", f"{LS}/conference-2024", "true", "UBND tỉnh Lạng Sơn"),
    ]),
    "people": (("person", "name", "post", "organisation", "spoke_at"), [
        (f"{LS}/duong-xuan-huyen", "Dương Xuân Huyên", "Phó Chủ tịch Thường trực UBND tỉnh Lạng Sơn",
         "UBND tỉnh Lạng Sơn", "Họp báo về Hội nghị công bố Quy hoạch tỉnh Lạng Sơn thời kỳ 2021 – 2030, tầm nhìn "
         "đến năm 2050 và chương trình xúc tiến đầu tư năm 2024 của tỉnh Lạng Sơn"),
        (f"{LS}/ho-tien-thieu", "Hồ Tiến Thiệu", "Chủ tịch UBND tỉnh Lạng Sơn", "UBND tỉnh Lạng Sơn", None),
        (f"{LS}/nguyen-chi-dung", "Nguyễn Chí Dũng", "Bộ trưởng Bộ Kế hoạch và Đầu tư", "Bộ Kế hoạch và Đầu tư", None),
        (f"{LS}/nguyen-quoc-doan", "Nguyễn Quốc Đoàn", "Bí thư Tỉnh ủy Lạng Sơn", "Tỉnh ủy Lạng Sơn", None),
        (f"{LS}/pham-minh-chinh", "Phạm Minh Chính", "Thủ tướng Chính phủ", "Chính phủ", None),
        (f"{LS}/tran-hong-ha", "Trần Hồng Hà", "Phó Thủ tướng Chính phủ", "Chính phủ", None),
        (f"{LS}/vu-hoang-quy", "Vũ Hoàng Quý", "Giám đốc Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn",
         "Sở Kế hoạch và Đầu tư tỉnh Lạng Sơn", "Họp báo về Hội nghị công bố Quy hoạch tỉnh Lạng Sơn thời kỳ 2021 – "
         "2030, tầm nhìn đến năm 2050 và chương trình xúc tiến đầu tư năm 2024 của tỉnh Lạng Sơn"),
    ]),
    "entity-sources": (("aspect", "object", "quote", "note", "document", "quote_checked", "confidence"), [
        ("entity", None, "phát triển công nghiệp theo hướng nâng cao chất lượng, sức cạnh tranh, xanh, an toàn và "
         "hiện đại", None, DOC, "true", None),
        ("serves", O2030, "Đồng thời, xác định 4 khâu đột phá phát triển", None, DOC, "true", None),
    ]),
    "instances-of-class": (("plan", "entity"), [
        (LS, f"{LS}/breakthrough-1-digital-transformation"),
        (LS, f"{LS}/breakthrough-2-infrastructure"),
        (LS, f"{LS}/breakthrough-3-border-gate-economy"),
        (LS, f"{LS}/breakthrough-4-industry"),
    ]),
    "infrastructure": (("infrastructure", "label", "length_km", "places", "projects"), [
        ("ref/railway-ha-noi-dong-dang", "Đường sắt Hà Nội - Đồng Đăng", "156.0", "5", "1"),
        ("ref/expressway-dong-dang-tra-linh", "Cao tốc Đồng Đăng - Trà Lĩnh", "121.0", "2", "1"),
        ("ref/expressway-bac-giang-lang-son", "Cao tốc Bắc Giang - Lạng Sơn", "64.0", "2", "1"),
        ("ref/expressway-huu-nghi-chi-lang", "Cao tốc cửa khẩu Hữu Nghị - Chi Lăng", "59.87", "4", "2"),
        ("ref/ql-1a", "Quốc lộ 1A", None, "1", "0"),  # length unknown: listed while min_length_km is 0
    ]),
    "gaps-stated-counts": (("plan", "owner", "counted", "stated", "named", "missing"), [
        (LS, f"{LS}/projects-priority-173", "Project", "173", "0", "173"),
        (LS, f"{LS}/projects-investment-attraction-108", "Project", "108", "0", "108"),
        (LS, f"{LS}/projects-provincial-38", "Project", "38", "0", "38"),
        (LS, f"{LS}/projects-central-27", "Project", "27", "0", "27"),
        (LS, LS, "IndustrialPark", "7", "2", "5"),
    ]),
    "gaps-tasks-without-sector": (("plan", "entity"), []),
    # No named project says which breakthrough it carries.
    "gaps-projects-without-breakthrough": (("plan", "project"), [(LS, f"{LS}/{p}") for p in (
        "project-1371-border-gate-zones", "project-1371-expressway-connectors", "project-1371-geopark-tourism",
        "project-1371-regional-roads", "project-1371-relics-culture", "project-dong-dang-tra-linh-expressway",
        "project-ha-noi-lang-son-railway", "project-huu-nghi-chi-lang-expressway", "project-viettel-logistics-park")]),
    "search-labels": (("plan", "entity", "matched", "language"), [
        (None, "ref/expressway-huu-nghi-chi-lang", "Hữu Nghị Border Gate – Chi Lăng Expressway", "en"),
        (None, "ref/expressway-huu-nghi-chi-lang", "Cao tốc cửa khẩu Hữu Nghị - Chi Lăng", "vi"),
        (LS, f"{LS}/gate-huu-nghi", "Hữu Nghị border gate", "en"),
        (LS, f"{LS}/gate-huu-nghi", "Cửa khẩu Hữu Nghị", "vi"),
        (LS, f"{LS}/project-1371-expressway-connectors", "New or upgraded provincial roads and interchanges feeding "
         "the Bắc Giang – Lạng Sơn and Hữu Nghị – Chi Lăng expressways", "en"),
        (LS, f"{LS}/project-1371-expressway-connectors", "Các tuyến đường tỉnh xây mới, nâng cấp và nút giao kết nối "
         "với cao tốc Bắc Giang - Lạng Sơn và cao tốc Hữu Nghị - Chi Lăng", "vi"),
        (LS, f"{LS}/project-huu-nghi-chi-lang-expressway", "Hữu Nghị Border Gate – Chi Lăng Expressway project", "en"),
        (LS, f"{LS}/project-huu-nghi-chi-lang-expressway", "Dự án đường cao tốc cửa khẩu Hữu Nghị - Chi Lăng", "vi"),
    ]),
    "search-quotes": (("entity", "aspect", "quote", "document"), [
        (LS, "statedCount", "4 khâu đột phá", DOC),
        *[(f"{LS}/{b}", "serves", "Đồng thời, xác định 4 khâu đột phá phát triển", DOC) for b in (
            "breakthrough-1-digital-transformation", "breakthrough-2-infrastructure",
            "breakthrough-3-border-gate-economy", "breakthrough-4-industry")],
    ]),
    # One plan in the bundle today: nothing is shared yet (two-plan tests below).
    "shared-places": (("place", "plan_a", "plan_b"), []),
    "shared-sectors": (("sector", "plan_a", "plan_b"), []),
    "shared-infrastructure": (("infrastructure", "plan_a", "plan_b"), []),
    # Cross-plan queries on this one plan (all plans: tests/test_cross_plan.py).
    "shared-corridors": (("route", "plan", "relation", "via"), []),
    "targets-side-by-side": (("plan", "target", "min", "max", "unit", "year"), [
        (LS, f"{LS}/target-grdp-growth", "8.0", "9.0", "percent-per-year", "2030")]),
    "plan-hierarchy": (("plan", "plan_type", "higher_plan", "higher_label", "higher_type"), [
        (LS, "ProvincialPlan", "tdmnpb-2021-2030", "tdmnpb-2021-2030", None)]),  # not in this graph: no label
    "places-after-2025": (("place", "type", "relations", "successor", "province_after"), [
        ("ref/dong-dang", "AdministrativeUnit", "connects", None, "ref/lang-son"),
        ("ref/tp-lang-son", "AdministrativeUnit", "locatedIn connects", None, "ref/lang-son"),
        *[(f"ref/{d}", "District", how, None, "ref/lang-son") for d, how in (
            ("cao-loc", "locatedIn connects"), ("chi-lang", "locatedIn"), ("dinh-lap", "connects"),
            ("huu-lung", "locatedIn connects"), ("loc-binh", "locatedIn connects"), ("trang-dinh", "connects"),
            ("van-lang", "locatedIn connects"), ("van-quan", "locatedIn"))],
        ("ref/bac-giang", "Province", "concernsPlace", "ref/bac-ninh-2025", "ref/bac-ninh-2025"),
        ("ref/bac-kan", "Province", "concernsPlace", "ref/thai-nguyen-2025", "ref/thai-nguyen-2025"),
        ("ref/thai-nguyen", "Province", "concernsPlace", "ref/thai-nguyen-2025", "ref/thai-nguyen-2025"),
    ]),
}


def test_every_query_has_an_expectation():
    assert set(EXPECTED) | {"gaps-unquoted-entities"} == {p.stem for p in QUERY_FILES}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_returns_its_expected_rows_with_defaults(name):
    columns, rows = EXPECTED[name]
    result = Q.run_query(name)
    assert result.kind == "SELECT"
    assert cols(result, *columns) == rows


def _unquoted_ids_from_yaml() -> set[str]:
    """Entities of plan.yaml none of whose sources is a quote: the oracle for gaps-unquoted-entities."""
    data = yaml.safe_load((ROOT / "plans" / LS / "plan.yaml").read_text(encoding="utf-8"))
    unquoted = set()
    for section, items in data.items():
        if not isinstance(items, list) or section == "sources":
            continue
        for item in items:
            sources = item["source"] if isinstance(item["source"], list) else [item["source"]]
            if not any("quote" in s for s in sources):
                unquoted.add(item["id"])
    return unquoted


def test_gaps_unquoted_entities_lists_exactly_the_web_only_entities():
    result = Q.run_query("gaps-unquoted-entities")
    found = [row[0] for row in cols(result, "entity")]
    assert len(found) == len(set(found))
    assert {f.split("/", 1)[1] for f in found} == _unquoted_ids_from_yaml()
    assert len(found) == len(_unquoted_ids_from_yaml()) > 60
    assert ("UrbanArea", f"{LS}/urban-huu-lung", "Hữu Lũng") in cols(result, "type", "entity", "label")
    assert "task-1-institutions" not in {f.split("/", 1)[1] for f in found}


def test_labels_fall_back_from_vi_to_en_to_local_name(graph):
    g = copy_of(graph)
    task = URIRef(f"{BASE}{LS}/task-3-human-resources")
    g.remove((task, RDFS.label, Literal("Nâng cao chất lượng nguồn nhân lực", lang="vi")))
    bt = URIRef(f"{BASE}{LS}/breakthrough-2-infrastructure")
    g.remove((bt, RDFS.label, None))
    tasks = dict(cols(Q.run_query("key-tasks", graph=g), "task", "label"))
    assert tasks[f"{LS}/task-3-human-resources"] == "Improve the quality of human resources"
    assert tasks[f"{LS}/task-1-institutions"].startswith("Đổi mới và hoàn thiện thể chế")
    breakthroughs = dict(cols(Q.run_query("breakthroughs", graph=g), "breakthrough", "label"))
    assert breakthroughs[f"{LS}/breakthrough-2-infrastructure"] == "breakthrough-2-infrastructure"


# ------------------------------------------------------------------------------------------
# Cross-plan queries: Lạng Sơn plus the mini plan
# ------------------------------------------------------------------------------------------
def test_cross_plan_queries_on_two_plans(two_plans):
    assert cols(Q.run_query("plans", graph=two_plans), "plan") == [(LS,), (MINI,)]
    assert cols(Q.run_query("shared-places", graph=two_plans), "place", "label", "plan_a", "plan_b") == [
        ("ref/lang-son", "Lạng Sơn", LS, MINI)]
    assert cols(Q.run_query("shared-sectors", graph=two_plans), "sector", "plan_a", "entities_a", "plan_b",
                "entities_b") == [
        ("vocab:sector/digital-transformation", LS, "2", MINI, "1"),
        ("vocab:sector/tourism", LS, "9", MINI, "1"),
    ]
    assert Q.run_query("shared-infrastructure", graph=two_plans).rows == []
    tourism = cols(Q.run_query("concerns-sector", graph=two_plans), "plan", "entity")
    assert tourism[-1] == (MINI, f"{MINI}/breakthrough-2-tourism") and len(tourism) == 10


def test_gaps_across_two_plans(two_plans):
    assert cols(Q.run_query("gaps-stated-counts", graph=two_plans), "plan", "owner", "stated", "named",
                "missing")[5:] == [
        (MINI, f"{MINI}/projects-all", "5", "1", "4"),
        (MINI, f"{MINI}/projects-attraction", "3", "0", "3"),
        (MINI, f"{MINI}/projects-central", "2", "1", "1"),
    ]
    assert MINI not in {row[0] for row in cols(Q.run_query("gaps-projects-without-breakthrough", graph=two_plans),
                                               "plan")}


def test_shared_infrastructure_finds_shared_and_linked_routes(two_plans):
    g = copy_of(two_plans)
    mini_plan = URIRef(BASE + MINI)
    project = URIRef(f"{BASE}{MINI}/project-gate-road")
    g.add((project, PK.alongInfrastructure, URIRef(BASE + "ref/expressway-dong-dang-tra-linh")))
    rail = URIRef(f"{BASE}{MINI}/rail-local")  # a plan's own route, linked to the shared one
    g.add((rail, RDF.type, PK.Infrastructure))
    g.add((rail, PK.inPlan, mini_plan))
    g.add((rail, OWL.sameAs, URIRef(BASE + "ref/railway-ha-noi-dong-dang")))
    rows = cols(Q.run_query("shared-infrastructure", graph=g), "infrastructure", "label", "plan_a", "plan_b")
    assert rows == [
        (f"{MINI}/rail-local", "rail-local", LS, MINI),
        ("ref/expressway-dong-dang-tra-linh", "Cao tốc Đồng Đăng - Trà Lĩnh", LS, MINI),
        ("ref/railway-ha-noi-dong-dang", "Đường sắt Hà Nội - Đồng Đăng", LS, MINI),
    ]


def test_gap_queries_find_what_is_missing(two_plans):
    g = copy_of(two_plans)
    task = URIRef(f"{BASE}{LS}/task-3-human-resources")
    g.remove((task, PK.concernsSector, None))
    project = URIRef(f"{BASE}{MINI}/project-gate-road")
    g.remove((project, PK.carriesBreakthrough, None))
    assert cols(Q.run_query("gaps-tasks-without-sector", graph=g), "plan", "type", "entity", "label") == [
        (LS, "KeyTask", f"{LS}/task-3-human-resources", "Nâng cao chất lượng nguồn nhân lực"),
        # the sample plan's own task names no sector: a gap the query must find as it is
        (MINI, "KeyTask", f"{MINI}/task-1-balance", "Phát triển hài hòa giữa kinh tế và xã hội")]
    assert cols(Q.run_query("gaps-projects-without-breakthrough", graph=g), "plan", "project", "label")[-1] == (
        MINI, f"{MINI}/project-gate-road", "Đường nối cửa khẩu")


def test_a_dataset_is_queried_as_the_union_of_its_graphs():
    from graph_build import build
    from graph_build.core import resources

    dataset = build([*resources.bundled_plans(), MINI_PLAN], shacl=False).rdf
    assert {(LS,), (MINI,)} <= set(cols(Q.run_query("plans", graph=dataset), "plan"))


def test_the_default_graph_is_the_bundled_build_cached(monkeypatch):
    monkeypatch.undo()  # the real default, not the Lạng Sơn-only graph of these tests
    from graph_build.stores import source

    assert source.bundled_store() is source.bundled_store()
    assert (LS,) in cols(Q.run_query("plans"), "plan")


# ------------------------------------------------------------------------------------------
# Parameter types: good values accepted, bad values refused naming query and parameter
# ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, params, columns, expected", [
    ("plan-overview", {"plan": f"{BASE}{LS}"}, ("plan",), [(LS,)]),
    ("plan-overview", {"plan": f"<{BASE}{LS}>"}, ("plan",), [(LS,)]),
    ("entity-sources", {"entity": f"{LS}/decision-748"}, ("aspect", "note", "confidence"), [
        ("entity", "748/QĐ-TTg of 03/06/2020 approved the task (nhiệm vụ) of preparing the provincial plan",
         "medium")]),
    ("entity-sources", {"entity": f"{BASE}{LS}/projects-central-27"}, ("aspect", "object", "quote"), [
        ("entity", None, "27 Dự án đầu tư của trung ương trên địa bàn tỉnh"),
        ("statedCount", "https://w3id.org/plankg/def#Project", "27 Dự án đầu tư của trung ương trên địa bàn tỉnh"),
    ]),
    ("concerns-place", {"place": "ref/van-lang"}, ("entity", "relation"), [
        ("ref/expressway-huu-nghi-chi-lang", "locatedIn"),
        (f"{LS}/corridor-cao-loc-van-lang-trang-dinh", "connects"),
        (f"{LS}/gate-coc-nam", "locatedIn"),
        (f"{LS}/gate-tan-thanh", "locatedIn"),
        (f"{LS}/kkt-dong-dang-lang-son", "locatedIn"),
        (f"{LS}/project-dong-dang-tra-linh-expressway", "locatedIn"),
        (f"{LS}/project-huu-nghi-chi-lang-expressway", "locatedIn"),
    ]),
    ("concerns-sector", {"sector": "https://w3id.org/plankg/vocab/sector/industry"}, ("entity",), [
        (f"{LS}/breakthrough-4-industry",), (f"{LS}/orientation-industry",), (f"{LS}/vision-2050",)]),
    ("search-labels", {"text": "  ĐỒNG   bành "}, ("entity", "language"), [
        (f"{LS}/kcn-dong-banh", "en"), (f"{LS}/kcn-dong-banh", "en"), (f"{LS}/kcn-dong-banh", "vi"),
        (f"{LS}/kcn-dong-banh", "vi")]),
    ("search-quotes", {"text": "173 du an"}, ("entity", "aspect"), [
        (f"{LS}/projects-priority-173", "entity"), (f"{LS}/projects-priority-173", "statedCount")]),
    ("gaps-stated-counts", {"min_missing": "100"}, ("owner", "missing"), [
        (f"{LS}/projects-priority-173", "173"), (f"{LS}/projects-investment-attraction-108", "108")]),
    ("infrastructure", {"min_length_km": "100.5"}, ("infrastructure",), [
        ("ref/railway-ha-noi-dong-dang",), ("ref/expressway-dong-dang-tra-linh",)]),
    ("objectives-and-targets", {"year": "2050"}, ("target",), []),
    ("events", {"since": "20/04/2024"}, ("event", "organiser"), [
        (f"{LS}/conference-2024", "Ban tổ chức"), (f"{LS}/conference-2024", "UBND tỉnh Lạng Sơn")]),
    ("instances-of-class", {"class": "https://w3id.org/plankg/def#BorderGateEconomicZone"}, ("entity",), [
        (f"{LS}/kkt-dong-dang-lang-son",)]),
])
def test_parameter_types_accept_good_values(name, params, columns, expected):
    assert cols(Q.run_query(name, params), *columns) == expected


def test_search_ignores_diacritics_and_case_both_ways():
    with_marks = {row[0] for row in cols(Q.run_query("search-labels", {"text": "Lạng Sơn"}), "entity")}
    without = {row[0] for row in cols(Q.run_query("search-labels", {"text": "lang son"}), "entity")}
    assert with_marks == without
    assert {"ref/lang-son", f"{LS}/ubnd-lang-son", f"{LS}/kkt-dong-dang-lang-son"} <= without
    assert Q.fold_search_text("Đột phá") == "dot pha"
    assert Q.fold_search_text("La\u0323ng So\u031bn") == "lang son"  # decomposed input too
    quotes = cols(Q.run_query("search-quotes", {"text": "ĐỘT PHÁ"}), "entity")
    assert len(quotes) == 5


@pytest.mark.parametrize("name, param, value, message", [
    ("plan-overview", "plan", "no-such-plan", "no plan 'no-such-plan'"),
    ("plan-overview", "plan", "ref/lang-son", "'ref/lang-son' is not a plan (it is a Province)"),
    ("plan-overview", "plan", f"{LS}/decision-236", "is not a plan (it is a Decision)"),
    ("plan-overview", "plan", "ftp://", "no plan"),
    ("entity-sources", "entity", "objective-2030 ", None),  # trailing space is trimmed: must resolve
    ("entity-sources", "entity", "Breakthrough 4", "expected an absolute IRI"),
    ("concerns-place", "place", "breakthrough-4-industry", "is not a place (it is a Breakthrough)"),
    ("concerns-place", "place", "atlantis", "no place 'atlantis'"),
    ("concerns-sector", "sector", "fishing-boats", "unknown sector 'fishing-boats'"),
    ("search-labels", "text", " -- ", "at least one letter or digit"),
    ("gaps-stated-counts", "min_missing", "1.5", "whole number"),
    ("gaps-stated-counts", "min_missing", "ten", "whole number"),
    ("infrastructure", "min_length_km", "1e3", "decimal number"),
    ("objectives-and-targets", "year", "30", "four-digit year"),
    ("events", "since", "2024-02-30", "yyyy-mm-dd"),
    ("events", "since", "yesterday", "yyyy-mm-dd"),
    ("instances-of-class", "class", "Breakthrough", "absolute IRI"),
    ("instances-of-class", "class", "http://x/a b", "absolute IRI"),
])
def test_parameter_types_refuse_bad_values_naming_query_and_parameter(name, param, value, message):
    if message is None:
        rows = Q.run_query(name, {param: value}).rows
        assert rows
        return
    with pytest.raises(QueryError) as info:
        Q.run_query(name, {param: value})
    text = str(info.value)
    assert f"query {name!r}" in text and f"parameter {param!r}" in text
    assert message in text


def test_ambiguous_local_id_asks_for_the_plan(two_plans):
    with pytest.raises(QueryError, match=r"names several entities .*write plan-id/id"):
        Q.run_query("entity-sources", {"entity": "objective-2030"}, graph=two_plans)
    rows = cols(Q.run_query("entity-sources", {"entity": f"{MINI}/objective-2030"}, graph=two_plans), "quote")
    assert rows == [("xây dựng tỉnh Mẫu phát triển xanh",)]


def test_local_ids_resolve_as_by_testing_every_subject(two_plans):
    """The resolver looks where plankg puts entities; it must find what testing every subject finds."""
    from graph_build.stores import open_store

    oxigraph = open_store("oxigraph")
    oxigraph.add_quads((s, p, o, URIRef(BASE + "graph/all")) for s, p, o in two_plans)
    every = Q._SUBJECTS_ENDING_WITH.replace("STRENDS(STR(?subject), ?_suffix)", "true")
    locals_ = set()
    for subject in set(two_plans.subjects(RDF.type)):
        parts = str(subject).removeprefix(BASE).split("/")
        if isinstance(subject, URIRef) and str(subject).startswith(BASE) and len(parts) <= 2:
            locals_ |= {parts[-1], "/".join(parts)}
    locals_ = sorted(locals_ | {"nope", f"{LS}/nope", "ref/nope", "period"})
    from graph_build.stores.base import Store
    from graph_build.stores.source import open_source

    for backend, sample in ((oxigraph, locals_), (open_source(graph=two_plans, engine="rdflib"), locals_[::10])):
        rows = backend.run(every, {}).rows
        scans = []

        class Counting(Store):
            def run(self, text, bindings, origin="query"):
                scans.append(text == Q._SUBJECTS_ENDING_WITH)
                return backend.run(text, bindings, origin)

        resolver = Q._Resolver(Counting())
        for local in sample:
            qualifier, _, bare = local.rpartition("/")
            ending = [row for row in rows if str(row[0]).endswith("/" + local)]
            expected = resolver._candidates(ending, qualifier, bare)
            scans.clear()
            assert resolver._by_local_id(local) == expected, local
            assert any(scans) == (not expected), local  # every subject is tested only for a miss


def test_a_local_id_outside_plankg_s_layout_is_still_found(graph):
    g = copy_of(graph)
    odd = URIRef("https://example.org/data/ref/odd-place")
    g.add((odd, RDF.type, PK.Province))
    from graph_build.stores.source import open_source

    assert Q.bind_parameters(Q.get_query("concerns-place"), {"place": "odd-place"},
                             open_source(graph=g, engine="rdflib")) == {"_place": odd}


def test_unknown_and_non_text_parameters_are_errors():
    with pytest.raises(QueryError, match=r"query 'partners' has no parameter 'country'"):
        Q.run_query("partners", {"country": "china"})
    with pytest.raises(QueryError, match=r"query 'plans' has no parameter 'plan' \(its parameters: none\)"):
        Q.run_query("plans", {"plan": LS})
    with pytest.raises(QueryError, match=r"query 'gaps-stated-counts', parameter 'min_missing'"):
        Q.run_query("gaps-stated-counts", {"min_missing": 3})


# ------------------------------------------------------------------------------------------
# Injection: hostile values are plain values
# ------------------------------------------------------------------------------------------
HOSTILE = ['x" } ; DROP ALL ; #', "<http://evil>", "') } UNION { ?s ?p ?o } #",
           'x"^^<http://evil> } INSERT DATA { <a> <b> <c> } #', "x\n} SELECT * WHERE { ?s ?p ?o }"]
HARMLESS = {"search": "zzzz qqqq", "iri": "http://example.org/no-such-class"}


def _every_parameter():
    for query in Q.list_queries():
        for param in query.params.values():
            yield query.name, param.name, param.type


@pytest.mark.parametrize("name, param, ptype", list(_every_parameter()))
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_refused_or_match_nothing(graph, name, param, ptype, value):
    before = len(graph)
    try:
        result = Q.run_query(name, {param: value})
    except QueryError as exc:  # refused by the type check: names the query and the parameter
        assert f"query {name!r}" in str(exc) and f"parameter {param!r}" in str(exc)
    else:
        harmless = Q.run_query(name, {param: HARMLESS[ptype]})
        assert result.rows == harmless.rows == []
    assert len(graph) == before


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_through_the_values_block_are_one_literal(graph, value):
    bindings = {"_text": Q.PARAMETER_TYPES["search"].convert(value, None)}
    text = Q.with_values_block(Q.get_query("search-labels").text, bindings)
    prepared = Q.prepare(text)  # still one SELECT query: nothing escaped the literal
    assert prepared.algebra.name == "SelectQuery"
    assert list(graph.query(prepared)) == []
    every = Q.with_values_block("SELECT ?_text WHERE { }", bindings)
    assert [row[0] for row in graph.query(every)] == [Literal(Q.fold_search_text(value))]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_as_literal_constants_are_one_literal(graph, value):
    bindings = {"_text": Q.PARAMETER_TYPES["search"].convert(value, None)}
    text, rest = Q.with_literal_constants(Q.get_query("search-labels").text, bindings)
    assert rest == {} and "?_text" not in text.split("WHERE", 1)[1]
    prepared = Q.prepare(text)  # still one SELECT query: nothing escaped the literal
    assert prepared.algebra.name == "SelectQuery"
    assert list(graph.query(prepared)) == []


def test_oxigraph_answers_literal_parameters_as_rdflib_does(graph):
    """Literal parameters reach Oxigraph as constants (IRIs as VALUES): the same rows as rdflib's."""
    from graph_build.stores import open_store

    oxigraph = open_store("oxigraph")
    oxigraph.add_quads((s, p, o, URIRef(BASE + "graph/all")) for s, p, o in graph)
    calls = [("search-labels", {"text": "lạng sơn"}), ("search-quotes", {"text": "cửa khẩu"}),
             ("events", {"since": "2020-01-01"}), ("gaps-stated-counts", {"min_missing": "0"}),
             ("infrastructure", {"min_length_km": "60"}), ("objectives-and-targets", {"year": "2030"}),
             ("places-after-2025", {"ended_by": "2025-06-30"})]
    for name, params in calls:
        ours = Q.run_query(name, params, store=oxigraph)
        assert ours.rows, name
        assert sorted(map(repr, ours.rows)) == sorted(map(repr, Q.run_query(name, params, graph=graph).rows)), name
    # A literal parameter where only a variable may stand: Oxigraph gets the VALUES block instead.
    literal = Literal("lang son")
    assert oxigraph.run("SELECT ?_text WHERE { }", {"_text": literal}).rows == [(literal,)]


# ------------------------------------------------------------------------------------------
# Endpoint path: SPARQL 1.1 Protocol over HTTP, answered by an independent serializer
# ------------------------------------------------------------------------------------------
class _Endpoint(BaseHTTPRequestHandler):
    """A minimal SPARQL 1.1 Protocol server: rdflib evaluates, rdflib's own writers answer."""

    graph: Graph = None  # set on the class by the fixture
    seen: list = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        length = int(self.headers["Content-Length"])
        text = self.rfile.read(length).decode("utf-8")
        self.seen.append((self.headers["Content-Type"], self.headers["Accept"], text))
        result = self.graph.query(text)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            body, ctype = result.graph.serialize(format="turtle").encode("utf-8"), "text/turtle"
        else:
            body, ctype = result.serialize(format="json"), "application/sparql-results+json"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def endpoint(graph):
    handler = type("Handler", (_Endpoint,), {"graph": graph, "seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", handler
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("name", sorted(p.stem for p in QUERY_FILES))
def test_endpoint_rows_equal_local_rows(endpoint, graph, name):
    url, handler = endpoint
    local = Q.run_query(name, graph=graph)
    remote = Q.run_query(name, endpoint=url)
    assert remote.vars == local.vars
    assert remote.rows == local.rows
    content_type, accept, text = handler.seen[-1]
    assert content_type.startswith("application/sparql-query")
    assert accept == "application/sparql-results+json"
    for param in Q.get_query(name).params.values():
        assert f"?_{param.name}" in text.split("VALUES", 1)[1].split("}", 1)[0]


def test_endpoint_graph_results_and_hostile_values(endpoint, graph):
    url, handler = endpoint
    remote = Q.run_sparql(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s = <{BASE}ref/asean>) }}",
                          endpoint=url)
    assert remote.kind == "CONSTRUCT" and handler.seen[-1][1] == "text/turtle"
    assert isomorphic(remote.graph, Q.run_sparql(handler.seen[-1][2], graph=graph).graph)
    assert Q.run_sparql("ASK { ?s a <https://w3id.org/plankg/def#Breakthrough> }", endpoint=url).boolean is True
    before = len(graph)
    for value in HOSTILE:
        assert Q.run_query("search-labels", {"text": value}, endpoint=url).rows == []
    assert len(graph) == before


def test_endpoint_failures_are_endpoint_errors():
    from graph_build.core.errors import EndpointError

    with pytest.raises(EndpointError, match="cannot reach"):
        Q.run_sparql("ASK {}", endpoint="http://127.0.0.1:9/sparql")
    with pytest.raises(QueryError, match="http"):
        Q.run_sparql("ASK {}", endpoint="file:///etc/passwd")


# ------------------------------------------------------------------------------------------
# Ad-hoc SPARQL from Python
# ------------------------------------------------------------------------------------------
def test_run_sparql_kinds(graph):
    select = Q.run_sparql("SELECT (COUNT(*) AS ?n) WHERE { ?b a <https://w3id.org/plankg/def#Breakthrough> }")
    assert select.values() == [(4,)]
    assert Q.run_sparql("ASK { ?s <https://w3id.org/plankg/def#carriesBreakthrough> ?o }").boolean is False
    described = Q.run_sparql(f"DESCRIBE <{BASE}ref/china>").graph
    assert (URIRef(f"{BASE}ref/china"), RDFS.label, Literal("Trung Quốc", lang="vi")) in described


@pytest.mark.parametrize("text", ["DROP ALL", "INSERT DATA { <a:a> <a:b> <a:c> }", "DELETE WHERE { ?s ?p ?o }",
                                  "CLEAR DEFAULT", "LOAD <http://example.org/x>"])
def test_updates_are_refused(graph, text):
    before = len(graph)
    with pytest.raises(QueryError, match="read-only"):
        Q.run_sparql(text)
    assert len(graph) == before


def test_syntax_errors_carry_line_and_column():
    with pytest.raises(QueryError, match=r"syntax error at line 2, column \d+") as info:
        Q.run_sparql("SELECT ?s\nWHERE { ?s ?p }")
    assert "\n" not in str(info.value)
    with pytest.raises(QueryError, match="cannot be used"):
        Q.run_sparql("SELECT ?s WHERE { ?s nope:p ?o }")


# ------------------------------------------------------------------------------------------
# Formats
# ------------------------------------------------------------------------------------------
def test_display_width_ignores_combining_marks_and_counts_wide_characters():
    assert R.display_width("Lạng Sơn") == 8
    assert R.display_width("La\u0323ng So\u031bn") == 8
    assert R.display_width("北京") == 4
    assert R.sparql_term(Literal("a\tb\n\"c\"")) == '"a\\tb\\n\\"c\\""'
    assert R.sparql_term(Literal("2030", datatype=XSD.gYear)) == '"2030"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    with pytest.raises(QueryError):
        R.sparql_term(URIRef("http://x/> } DROP ALL"))


def _cells_by_display_columns(line: str, starts: list[int]) -> list[str]:
    cells, column, current = [], 0, ""
    bounds = starts[1:] + [10 ** 6]
    for ch in line:
        if column >= bounds[len(cells)]:
            cells.append(current)
            current = ""
        current += ch
        column += R.display_width(ch)
    cells.append(current)
    return [c.strip() for c in cells] + [""] * (len(starts) - len(cells))


def test_table_columns_align_by_display_width():
    result = Q.run_query("people")
    text = R.format_result(result, "table", max_width=None)
    lines = text.splitlines()
    rule = lines[1]
    starts = [0] + [i + 1 for i in range(len(rule) - 1) if rule[i] == " " and rule[i + 1] == "-"]
    assert _cells_by_display_columns(lines[0], starts) == result.vars
    for line, row in zip(lines[2:-1], result.rows):
        assert _cells_by_display_columns(line, starts) == [R._human(t) for t in row]
    assert lines[-1] == "(7 rows)"
    cut = R.format_result(result, "table", max_width=12).splitlines()
    assert all(R.display_width(c) <= 12 for line in cut[2:-1] for c in line.split("  ") if c)
    assert "Phó Chủ tịc…" in cut[2]


def test_csv_tsv_json_md_follow_their_formats():
    result = Q.run_query("plan-decisions")
    rows = list(csv.reader(io.StringIO(R.format_result(result, "csv"), newline="")))
    assert rows[0] == result.vars and len(rows) == 4
    assert rows[1][:3] == [f"{BASE}{LS}/decision-748", "748/QĐ-TTg", "2020-06-03"] and rows[1][4] == ""
    assert R.format_result(result, "csv").endswith("\r\n")
    tsv = R.format_result(result, "tsv").splitlines()
    assert tsv[0].split("\t") == [f"?{v}" for v in result.vars]
    assert tsv[2].split("\t")[:3] == [f"<{BASE}{LS}/decision-236>", '"236/QĐ-TTg"',
                                      '"2024-03-19"^^<http://www.w3.org/2001/XMLSchema#date>']
    data = json.loads(R.format_result(result, "json"))
    assert data["head"]["vars"] == result.vars
    first = data["results"]["bindings"][0]
    assert first["decision"] == {"type": "uri", "value": f"{BASE}{LS}/decision-748"}
    assert first["label"]["xml:lang"] == "vi" and first["label"]["type"] == "literal"
    assert first["approves_plan"] == {"type": "literal", "value": "false",
                                      "datatype": "http://www.w3.org/2001/XMLSchema#boolean"}
    assert "signed_by" not in first  # unbound: left out, as the format says
    assert Q.parse_results_json(json.dumps(data)).rows == result.rows  # round trip
    md = R.format_result(result, "md").splitlines()
    assert md[0] == "| " + " | ".join(result.vars) + " |" and md[1] == "|---" * 6 + "|"
    assert md[3].startswith(f"| id:{LS}/decision-236 | 236/QĐ-TTg |")
    assert R.format_result(Q.run_sparql("ASK {}"), "json") == '{\n  "head": {},\n  "boolean": true\n}\n'
    with pytest.raises(QueryError, match="turtle or jsonld"):
        R.format_result(Q.run_sparql("CONSTRUCT WHERE { ?s a <urn:x> }"), "csv")


# ------------------------------------------------------------------------------------------
# CLI
# ------------------------------------------------------------------------------------------
@pytest.fixture()
def cli():
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def test_cli_query_list_and_show(cli):
    listed = cli("query", "list")
    assert listed.exit_code == 0
    names = [line.split()[0] for line in listed.output.splitlines()]
    assert names == [p.stem for p in QUERY_FILES]
    assert "[plan=lang-son-2021-2030]" in listed.output
    assert "The plan's breakthroughs" in cli("query", "list", "--lang", "en").output
    shown = cli("query", "show", "events")
    assert shown.exit_code == 0
    assert "since (date, default 2024-01-01)" in shown.output
    assert "FILTER(?date >= ?_since)" in shown.output and "#+" not in shown.output


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "md"])
def test_cli_query_run_formats(cli, fmt):
    out = cli("query", "run", "partners", "--format", fmt, "-p", f"plan={LS}")
    assert out.exit_code == 0, out.output
    text = out.output
    if fmt == "json":
        data = json.loads(text)
        assert data["head"]["vars"] == ["partner", "label", "type"]
        assert [b["partner"]["value"] for b in data["results"]["bindings"]] == [
            f"{BASE}ref/asean", f"{BASE}ref/china", f"{BASE}ref/europe"]
        assert all(set(b) <= {"partner", "label", "type"} and all(v["type"] in ("uri", "literal") for v in b.values())
                   for b in data["results"]["bindings"])
    elif fmt == "csv":
        assert list(csv.reader(io.StringIO(text)))[2] == [f"{BASE}ref/china", "Trung Quốc", "Country"]
    elif fmt == "tsv":
        assert text.splitlines()[3].split("\t") == [f"<{BASE}ref/europe>", '"Châu Âu"@vi', '"Region"']
    elif fmt == "md":
        assert "| id:ref/china | Trung Quốc | Country |" in text
    else:
        assert text.splitlines()[4].split() == ["id:ref/europe", "Châu", "Âu", "Region"]
        assert text.splitlines()[-1] == "(3 rows)"


def test_cli_query_run_with_a_graph_file(cli, graph, tmp_path):
    from graph_build.rdf.serialize import to_trig, to_turtle

    ttl = tmp_path / "plankg.ttl"
    ttl.write_bytes(to_turtle(graph))
    trig = tmp_path / "plankg.trig"
    trig.write_bytes(to_trig([(URIRef(BASE + "graph/all"), graph)], graph))
    expected = cli("query", "run", "projects-by-funding", "--format", "csv").output
    assert cli("query", "run", "projects-by-funding", "--format", "csv", "--graph", str(ttl)).output == expected
    assert cli("query", "run", "projects-by-funding", "--format", "csv", "--graph", str(trig)).output == expected
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <x> .\n:a :b", encoding="utf-8")
    out = cli("query", "run", "plans", "--graph", str(bad))
    assert out.exit_code == 2 and out.output.startswith("error: ") and "Traceback" not in out.output


@pytest.mark.parametrize("args, message", [
    (("query", "run", "nope"), "unknown query 'nope'"),
    (("query", "run", "partners", "-p", "country=cn"), "has no parameter 'country'"),
    (("query", "run", "partners", "-p", "plan"), "--param needs key=value"),
    (("query", "run", "events", "-p", "since=soon"), "query 'events', parameter 'since'"),
    (("query", "run", "partners", "--format", "turtle"), "not turtle"),
    (("query", "show", "nope"), "unknown query"),
    (("sparql", "DROP ALL"), "read-only"),
    (("sparql", "SELECT ?s WHERE { ?s ?p }"), "syntax error at line 1"),
    (("sparql", "ASK {}", "--graph", __file__, "--endpoint", "http://x"), "not both"),
])
def test_cli_bad_input_exits_2_with_one_line(cli, args, message):
    out = cli(*args)
    assert out.exit_code == 2
    assert message in out.output
    assert "Traceback" not in out.output
    assert len(out.output.strip().splitlines()) == 1


def test_cli_sparql_select_ask_construct_describe(cli, tmp_path):
    select = cli("sparql", "SELECT ?b WHERE { ?b a <https://w3id.org/plankg/def#Breakthrough> } ORDER BY ?b",
                 "--format", "csv")
    assert select.exit_code == 0 and len(select.output.splitlines()) == 5
    assert cli("sparql", "ASK { ?s a <https://w3id.org/plankg/def#Breakthrough> }").output == "true\n"
    construct = (f"CONSTRUCT {{ ?s <{RDFS.label}> ?l }} "
                 f"WHERE {{ ?s a <https://w3id.org/plankg/def#Country> ; <{RDFS.label}> ?l }}")
    expected = Q.run_sparql(construct).graph
    assert {str(s).rsplit("/", 1)[-1] for s in expected.subjects()} >= {"vietnam", "china"}
    turtle = cli("sparql", construct)
    assert isomorphic(Graph().parse(data=turtle.output, format="turtle"), expected)
    jsonld = cli("sparql", construct, "--format", "jsonld")
    assert isomorphic(Graph().parse(data=jsonld.output, format="json-ld"), expected)
    described = cli("sparql", f"DESCRIBE <{BASE}ref/asean>")
    assert "Các nước ASEAN" in described.output
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?p <https://w3id.org/plankg/def#periodStart> ?y }", "utf-8")
    assert cli("sparql", str(rq), "--format", "csv").stdout_bytes == b"n\r\n1\r\n"
    assert cli("sparql", "-", "--format", "tsv", input="SELECT ?x WHERE { BIND(1 AS ?x) }").output == \
        '?x\n"1"^^<http://www.w3.org/2001/XMLSchema#integer>\n'


def test_installed_console_script_runs_a_query(graph, tmp_path):
    script = Path(sys.executable).with_name("plankg")
    assert script.is_file(), "the plankg console script is installed next to the interpreter"
    graph_file = tmp_path / "lang-son.nt"
    graph_file.write_text(graph.serialize(format="nt"), encoding="utf-8")
    out = subprocess.run([str(script), "query", "run", "plans", "--format", "csv", "--graph", str(graph_file)],
                         capture_output=True, text=True, cwd=ROOT, check=False, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[1].startswith(f"{BASE}{LS},")


# ------------------------------------------------------------------------------------------
# docs/queries.md and doctests
# ------------------------------------------------------------------------------------------
def test_docs_queries_md_is_the_generated_catalogue():
    committed = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    assert committed == Q.markdown_catalogue(), "run: python -m graph_build.sparql.library --markdown > docs/queries.md"
    generated = subprocess.run([sys.executable, "-m", "graph_build.sparql.library", "--markdown"], capture_output=True,
                               text=True, cwd=ROOT, check=True, encoding="utf-8").stdout
    assert generated == committed
    for path in QUERY_FILES:
        assert f"| `{path.stem}` |" in committed


@pytest.mark.parametrize("module", [Q, R])
def test_doctests(module):
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0
