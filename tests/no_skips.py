"""A pytest plugin for CI: every skip, xfail or xpass is a failure.

``scripts/test.sh`` sets ``PLANKG_NO_SKIP=1``; ``tests/conftest.py`` then
registers this plugin for the whole session (doctests of graph_build/
included). Each skipped or xfailed test is reported as failed with its
reason, and, as a second line of defence for skips raised at collection
(a whole module skipped, or an import that is missing), the session's
exit status is set to "tests failed" if any report was a skip at all.
Load it by hand with ``pytest -p tests.no_skips``.
"""

from __future__ import annotations

import pytest

ENV_SWITCH = "PLANKG_NO_SKIP"


def _reason(report) -> str:
    if hasattr(report, "wasxfail"):
        return f"xfail: {report.wasxfail or 'no reason given'}"
    if isinstance(report.longrepr, tuple):  # (path, line, "Skipped: reason")
        path, line, message = report.longrepr
        return f"skip at {path}:{line}: {message}"
    return f"skip: {report.longrepr}"


class NoSkips:
    def __init__(self) -> None:
        self.skipped: list[str] = []

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = yield
        xpassed = report.passed and hasattr(report, "wasxfail")
        if report.skipped or xpassed:
            kind = "xpass" if xpassed else "xfail" if hasattr(report, "wasxfail") else "skip"
            reason = "marked xfail but passed" if xpassed else _reason(report)
            report.outcome = "failed"
            report.longrepr = f"{ENV_SWITCH}=1: a {kind} counts as a failure: {reason}"
            if hasattr(report, "wasxfail"):
                del report.wasxfail
        return report

    def pytest_collectreport(self, report):
        if report.skipped:
            self.skipped.append(f"{report.nodeid}: {_reason(report)}")

    def pytest_runtest_logreport(self, report):
        if report.skipped or hasattr(report, "wasxfail"):  # anything the wrapper above did not turn
            self.skipped.append(f"{report.nodeid}: {_reason(report)}")

    def pytest_terminal_summary(self, terminalreporter):
        if self.skipped:
            terminalreporter.section(f"skipped, with {ENV_SWITCH}=1 that is a failure", red=True)
            for line in self.skipped:
                terminalreporter.line(line)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session):
        # "no tests collected" too: a run whose every module skipped itself has not passed
        if self.skipped and session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_configure(config):
    """Loaded with ``-p tests.no_skips``: register the checks (once)."""
    if not config.pluginmanager.has_plugin("plankg-no-skips"):
        config.pluginmanager.register(NoSkips(), "plankg-no-skips")
