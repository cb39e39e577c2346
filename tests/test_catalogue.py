"""The catalogue of valid ids (issue 15, point 3): `plankg catalogue` and docs/catalogue.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_build.cli.main import main
from graph_build.pipeline import catalogue

ROOT = Path(__file__).resolve().parent.parent


def test_docs_catalogue_is_current():
    expected = catalogue.markdown()
    assert (ROOT / "docs" / "catalogue.md").read_text(encoding="utf-8") == expected, (
        "docs/catalogue.md is stale: plankg catalogue --markdown > docs/catalogue.md"
    )


@pytest.mark.parametrize(
    ("kind", "line_start"),
    [
        ("places", "  lang-son "),
        ("infrastructure", "  expressway-bac-giang-lang-son "),
        ("indicators", "  urbanisation-rate "),
        ("sectors", "  tourism "),
        ("units", "  percent-per-year "),
        ("types", "  BorderGate "),
    ],
)
def test_catalogue_lists_each_kind(kind, line_start):
    result = CliRunner().invoke(main, ["catalogue", kind])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{kind} (")
    assert any(line.startswith(line_start) for line in lines), result.output[:500]


def test_catalogue_labels_and_every_kind():
    result = CliRunner().invoke(main, ["catalogue"])
    assert result.exit_code == 0
    assert "Lạng Sơn" in result.output
    assert [line.split(" (")[0] for line in result.output.splitlines() if not line.startswith(" ")] == list(
        catalogue.KINDS
    )


def test_unknown_kind_is_refused():
    result = CliRunner().invoke(main, ["catalogue", "placez"])
    assert result.exit_code == 2
    with pytest.raises(ValueError, match="did you mean 'places'"):
        catalogue.entries("placez")
