"""Shared fixtures: real plan folders under tests/data/, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
MINI_PLAN = DATA / "plans" / "mini-2021-2030"


@pytest.fixture(scope="session")
def bundled():
    """The bundled plans and reference data, built and validated once."""
    from graph_build import build

    return build()


@pytest.fixture(scope="session")
def bundled_graph(bundled):
    return bundled.graph()


@pytest.fixture(scope="session")
def mini():
    """The small sample plan of tests/data, built and validated once."""
    from graph_build import build

    return build([MINI_PLAN])
