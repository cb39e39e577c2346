"""Shared fixtures: real plan folders under tests/data/, built once per session; no skips in CI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .no_skips import ENV_SWITCH, NoSkips

DATA = Path(__file__).parent / "data"
MINI_PLAN = DATA / "plans" / "mini-2021-2030"


def pytest_configure(config):
    """With PLANKG_NO_SKIP=1 (scripts/test.sh sets it) a skip, xfail or xpass anywhere fails the run."""
    if os.environ.get(ENV_SWITCH) == "1" and not config.pluginmanager.has_plugin("plankg-no-skips"):
        config.pluginmanager.register(NoSkips(), "plankg-no-skips")


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


@pytest.fixture(scope="session")
def lang_son():
    """The Lạng Sơn plan and the reference data: the bundled build, restricted to that one plan.

    Other bundled plans (added by the linking work) must not change the query
    tests' expectations, so they run on this graph, also when a test or the
    CLI asks for the default graph (see ``default_graph_is_lang_son``).
    """
    from graph_build import build

    return build(shacl=False).graph(plans=["lang-son-2021-2030"])


@pytest.fixture(scope="session")
def lang_son_and_mini():
    """Lạng Sơn plus the mini plan (same territory, two shared sectors), merged."""
    from graph_build import build
    from graph_build.core import resources

    return build([*resources.bundled_plans(), MINI_PLAN], shacl=False).graph(
        plans=["lang-son-2021-2030", "mini-2021-2030"]
    )


@pytest.fixture(scope="session")
def lang_son_store(lang_son):
    """The Lạng Sơn plan alone as a store, as the one graph source opens it."""
    from graph_build.stores.source import open_source

    return open_source(graph=lang_son)


@pytest.fixture()
def default_graph_is_lang_son(monkeypatch, lang_son_store):
    """Queries run without a graph (Python API and CLI) see only the Lạng Sơn plan."""
    from graph_build.stores import source

    monkeypatch.setattr(source, "bundled_store", lambda engine=source.MEMORY_ENGINE: lang_son_store)


@pytest.fixture()
def cli():
    """``plankg ARGS`` in-process through click's runner; exceptions are not caught."""
    from click.testing import CliRunner

    from graph_build.cli.main import main

    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke
