"""What a new user tripped over (issue 15, point 7): `plankg link` repeating accepted rows, a plan
layout without targets, decisions or spatial model, one label for two provinces, `new-plan`
placeholders that validate silently, an `events` default that hides events, undocumented view
options. Over real files: the bundled plans, tests/data/links/ and tests/data/ranks-poles/."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from graph_build import build
from graph_build.cli.main import main
from graph_build.cli.view import export_network, view
from graph_build.core.namespace import PK
from graph_build.linking import suggest as linking
from graph_build.network import model as N
from graph_build.sparql.library import run_query
from graph_build.views import generate as V

ROOT = Path(__file__).resolve().parent.parent
LINKS = Path(__file__).parent / "data" / "links"
FIXTURES = [LINKS / "plans" / "alpha-2021-2030", LINKS / "plans" / "beta-2021-2030"]
RANK_POLE = Path(__file__).parent / "data" / "ranks-poles" / "rank-pole-2021-2030"
BASE = "https://w3id.org/plankg/id/"
LANG_SON = "lang-son-2021-2030"


@pytest.fixture(scope="module")
def bundled_net(bundled_graph):
    return N.to_network(bundled_graph)


# -- plankg link: only what is not accepted yet -------------------------------------------------
def _suggested(out: Path) -> list:
    return linking.read_sssom(out / "links" / "suggested.sssom.tsv", BASE)


def test_link_leaves_out_the_pairs_already_accepted(tmp_path):
    runner = CliRunner()
    everything = runner.invoke(main, ["link", *map(str, FIXTURES), "--all", "--out", str(tmp_path / "all")])
    assert everything.exit_code == 0, everything.output
    all_rows = _suggested(tmp_path / "all")
    assert len(all_rows) == 16
    # accept three of them, one written the other way round: those three are not suggested again
    accepted_file = tmp_path / "accepted.sssom.tsv"
    kept = all_rows[:3]
    flipped = [kept[0].__class__(**{**kept[0].__dict__, "subject": kept[0].object, "object": kept[0].subject})]
    accepted_file.write_text(linking.to_sssom_tsv([*flipped, *kept[1:]], BASE, BASE + "links/accepted"), "utf-8")
    new = runner.invoke(
        main, ["link", *map(str, FIXTURES), "--accepted", str(accepted_file), "--out", str(tmp_path / "new")]
    )
    assert new.exit_code == 0, new.output
    new_rows = _suggested(tmp_path / "new")
    assert len(new_rows) == 13
    decided = {frozenset((m.subject, m.object)) for m in kept}
    assert not decided & {frozenset((m.subject, m.object)) for m in new_rows}
    assert new.output.count("⟷") == 13
    assert "13 new suggestion(s), 3 already accepted" in new.stderr and "--all shows them" in new.stderr
    shown_all = runner.invoke(
        main, ["link", *map(str, FIXTURES), "--accepted", str(accepted_file), "--all", "--out", str(tmp_path / "b")]
    )
    assert shown_all.output.count("⟷") == 16


def test_link_on_the_bundled_plans_repeats_no_accepted_row(tmp_path):
    result = CliRunner().invoke(main, ["link", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    accepted = linking.read_sssom(ROOT / "links" / "accepted.sssom.tsv", BASE)
    decided = {frozenset((m.subject, m.object)) for m in accepted}
    shown = _suggested(tmp_path)
    assert not decided & {frozenset((m.subject, m.object)) for m in shown}
    every = CliRunner().invoke(main, ["link", "--all", "--out", str(tmp_path / "all")])
    assert len(_suggested(tmp_path / "all")) == len(shown) + len(
        decided & {frozenset((m.subject, m.object)) for m in _suggested(tmp_path / "all")}
    )
    assert every.exit_code == 0


# -- the plan layout: targets, decisions, the spatial model -------------------------------------
def test_plan_layout_holds_targets_decisions_and_the_spatial_model(bundled_net, bundled_graph):
    view_ = V.make_view(bundled_net, layout="plan", plans=[LANG_SON])
    drawn = set(view_.net)
    plan = URIRef(BASE + LANG_SON)
    members = {str(o) for o in bundled_graph.objects(plan, PK.hasPart)}

    def of_class(cls) -> set[str]:
        return {n for n in members if n in bundled_net and cls in bundled_net.nodes[n]["classes"]}

    targets, decisions = of_class("Target"), of_class("Decision")
    structure, elements = of_class("SpatialStructure"), of_class("SpatialElement")
    assert len(targets) >= 10 and len(decisions) >= 1 and len(structure) == 1 and len(elements) >= 5
    assert targets | decisions | structure | elements <= drawn
    levels = {n: view_.net.nodes[n]["level"] for n in drawn}
    assert {levels[n] for n in decisions} == {levels[str(plan)]} == {0}
    assert {levels[n] for n in structure} == {1}
    assert {levels[n] for n in targets | elements} == {2}
    positions = view_.positions
    assert max(positions[n][1] for n in targets) < min(
        positions[n][1] for n in drawn if view_.net.nodes[n]["cls"] == "KeyTask"
    )
    # the structure's elements hang under it, and the targets under the objectives that set them
    edges = {(s, o, k) for s, o, k in view_.net.edges(keys=True)}
    assert all((next(iter(structure)), e, "hasSpatialElement") in edges for e in elements)


# -- one label per place, before and after 1 July 2025 ------------------------------------------
def test_places_before_and_after_2025_never_share_a_label(bundled_net):
    # (each plan has its own "Chính phủ" organisation: only places are compared here)
    places = [d for _, d in bundled_net.nodes(data=True) if "Place" in d["classes"]]
    assert len(places) > 50
    for lang in ("vi", "en"):
        labels = Counter(d[f"label_{lang}"] for d in places if d[f"label_{lang}"])
        assert [label for label, n in labels.items() if n > 1] == [], lang
    old, new = bundled_net.nodes[BASE + "ref/thai-nguyen"], bundled_net.nodes[BASE + "ref/thai-nguyen-2025"]
    # The reference data names the unit that ended "(trước 2025)"; the view keeps a label
    # that is already distinct and adds the period only where two places would share one.
    assert old["label_vi"] == "Thái Nguyên (trước 2025)"
    assert new["label_vi"] == "Thái Nguyên"
    assert (old["valid_until"], new["valid_from"]) == ("2025-06-30", "2025-07-01")
    # a label no other node has stays as the data writes it
    assert bundled_net.nodes[BASE + "ref/lang-son"]["label_vi"] == "Lạng Sơn"


def test_the_cross_plan_view_page_draws_the_two_thai_nguyen_apart(bundled_net):
    view_ = V.make_view(bundled_net, cross_plan=True)
    data = V.network_data(view_, "vi")
    labels = [n["label"] for n in data["nodes"] if n["id"].startswith(BASE + "ref/thai-nguyen")]
    assert sorted(labels) == ["Thái Nguyên", "Thái Nguyên (trước 2025)"]


# -- new-plan placeholders -----------------------------------------------------------------------
def test_new_plan_placeholders_warn_until_replaced(tmp_path):
    runner = CliRunner()
    name = "Quy hoạch tỉnh Mẫu thời kỳ 2021 - 2030, tầm nhìn đến năm 2050"
    made = runner.invoke(main, ["new-plan", "mau-2021-2030", "--name", name, "--plans-dir", str(tmp_path)])
    assert made.exit_code == 0, made.output
    assert "placeholder document" in made.stderr and "no --name-en" in made.stderr
    folder = tmp_path / "mau-2021-2030"
    checked = runner.invoke(main, ["validate", str(folder)])
    assert checked.exit_code == 0, checked.output
    assert "source 'mau-source' is the placeholder" in checked.stderr
    assert "[plan.label.en]: the English label is the Vietnamese text copied" in checked.stderr
    # the placeholder's quote is found, but it is not a checked quote
    result = build([folder])
    graph = result.graph()
    document = URIRef(BASE + "mau-2021-2030/source/mau-source")
    attestations = set(graph.subjects(PK.inDocument, document))
    assert attestations and {graph.value(a, PK.quoteChecked).toPython() for a in attestations} == {False}
    assert (document, PK.placeholderDocument, None) in graph
    before = result.summary()["attestations"]["quote_checked"]
    # the real document and an English name: no warning left, the quote now checked
    (folder / "sources" / "mau-source.txt").write_text(f"Quyết định phê duyệt {name}.\n", encoding="utf-8")
    plan_yaml = folder / "plan.yaml"
    text = plan_yaml.read_text(encoding="utf-8")
    plan_yaml.write_text(text.replace(f'en: "{name}"', 'en: "Mẫu Provincial Plan 2021–2030"'), encoding="utf-8")
    again = runner.invoke(main, ["validate", str(folder)])
    assert again.exit_code == 0 and "placeholder" not in again.stderr and "copied" not in again.stderr
    assert build([folder]).summary()["attestations"]["quote_checked"] == before + 1


def test_new_plan_with_an_english_name_warns_only_about_the_document(tmp_path):
    runner = CliRunner()
    made = runner.invoke(
        main,
        ["new-plan", "mau-2021-2030", "--name", "Quy hoạch tỉnh Mẫu", "--name-en", "Mẫu Province Plan"]
        + ["--plans-dir", str(tmp_path)],
    )
    assert made.exit_code == 0 and "no --name-en" not in made.stderr
    checked = runner.invoke(main, ["validate", str(tmp_path / "mau-2021-2030")])
    assert "placeholder" in checked.stderr and "copied" not in checked.stderr


def test_bundled_plans_give_no_copied_label_warning():
    result = build(shacl=False)
    assert not [p for p in result.problems if "copied" in p.message or "placeholder" in p.message]


# -- events: the default shows every event ------------------------------------------------------
def test_events_default_shows_every_event_and_a_date_filters():
    result = build([RANK_POLE], shacl=False)
    every = run_query("events", {"plan": "rank-pole-2021-2030"}, result=result)
    events = [str(r[1]).rsplit("/", 1)[1] for r in every.rows]
    assert sorted(events) == ["investment-conference", "workshop-2019"]  # 2019 and undated both shown
    dated = run_query("events", {"plan": "rank-pole-2021-2030", "since": "2019-05-12"}, result=result)
    assert [str(r[1]).rsplit("/", 1)[1] for r in dated.rows] == ["workshop-2019"]
    later = run_query("events", {"plan": "rank-pole-2021-2030", "since": "2020-01-01"}, result=result)
    assert later.rows == []


# -- every view option is documented -------------------------------------------------------------
@pytest.mark.parametrize("command", [view, export_network], ids=lambda c: c.name)
def test_every_view_option_is_in_docs_views_md(command):
    text = (ROOT / "docs" / "views.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"--[a-z][a-z-]+", text))
    options = {o for p in command.params for o in p.opts if o.startswith("--") and o != "--help"}
    assert options - documented == set()
    assert "--cross-plan --plan" in text
