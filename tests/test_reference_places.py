"""The reference places are the official list: regenerating them from the pinned
vietnam-provinces gives the committed files, and the build holds what the list says."""

import subprocess
import sys
from pathlib import Path

import pytest

from graph_build.plans.loader import load_dataset

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "reference"


def test_regenerating_gives_the_committed_files():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "reference_places.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr


@pytest.fixture(scope="module")
def provinces():
    return load_dataset(REFERENCE / "provinces-2025.yaml").entities


@pytest.fixture(scope="module")
def before():
    return load_dataset(REFERENCE / "provinces-before-2025.yaml").entities


def test_34_units_in_force_with_official_codes(provinces):
    assert len(provinces) == 34
    codes = {e.values["official_code"] for e in provinces.values()}
    assert len(codes) == 34
    assert provinces["lang-son"].values["official_code"] == "20"
    assert provinces["bac-ninh-2025"].values["official_code"] == "24"
    assert provinces["hanoi"].values["official_code"] == "01"
    merged = [e for e in provinces.values() if "valid_from" in e.values]
    assert len(merged) == 23  # 52 units rearranged into 23; 11 unchanged, without a start date


def test_52_units_before_2025_with_codes_and_successors(before, provinces):
    assert len(before) == 52
    assert before["bac-giang"].values["official_code"] == "24"
    assert before["bac-ninh"].values["official_code"] == "27"
    successors = {e.id: [r.target for r in e.values["successor"]] for e in before.values()}
    assert successors["bac-giang"] == ["bac-ninh-2025"]
    assert successors["ha-giang"] == ["tuyen-quang-2025"]
    assert successors["long-an"] == ["tay-ninh-2025"]
    assert set(t for ts in successors.values() for t in ts) == {p for p in provinces if p.endswith("-2025")}
    # no code is typed by hand: every one cites the package list it came from
    for entity in [*before.values(), *provinces.values()]:
        assert any(s.source_id in ("vnprovinces", "vnprovinces060") for s in entity.sources), entity.id


def test_places_before_and_after_2025_have_distinct_labels(before, provinces):
    assert before["bac-ninh"].label["vi"] == "Bắc Ninh (trước 2025)"
    assert provinces["bac-ninh-2025"].label["vi"] == "Bắc Ninh"
    labels = [e.label["vi"] for e in [*before.values(), *provinces.values()]]
    assert len(labels) == len(set(labels))


def test_communes_are_opt_in_and_build(tmp_path):
    from graph_build.pipeline import api

    communes = load_dataset(REFERENCE / "optional" / "communes-2025.yaml").entities
    assert len(communes) == 3321
    assert communes["commune-00070"].label["vi"] == "Phường Hoàn Kiếm"
    assert [r.target for r in communes["commune-00070"].values["part_of"]] == ["hanoi"]
    bundled = api.build(shacl=False, links=False)
    assert bundled.ok
    with_communes = api.build(shacl=False, links=False, reference=[REFERENCE / "optional"])
    assert with_communes.ok, with_communes.problems
    assert len(with_communes.graph()) > len(bundled.graph()) + 3321
