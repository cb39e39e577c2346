"""Opening plankg pages in Debian's headless chromium, offline, for the view tests.

Every request that is not ``file:``/``data:``/``about:``/``blob:`` is aborted
and recorded; console errors and uncaught exceptions are recorded; dialogs
(``alert``) are recorded and dismissed. Tests assert that all three lists
stay empty.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph_build.views.generate import block_network, launch_chromium, wait_until_drawn

MISSING = "chromium is missing: install Debian's chromium ('apt-get install chromium'); the view tests never skip"


def require_chromium() -> None:
    """Fail (never skip) when there is no chromium to drive."""
    from graph_build.views.generate import chromium_path

    try:
        path = chromium_path()
    except Exception:
        pytest.fail(MISSING)
    if not (Path(path).exists() or shutil.which(path)):
        pytest.fail(MISSING)


@dataclass
class OpenedPage:
    page: object
    console_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def hidden_count(self) -> int:
        return self.js("window.plankgNetwork.nodes.get({filter: n => n.hidden === true}).length")

    def node_ids(self) -> set[str]:
        return set(self.js("window.plankgNetwork.nodes.getIds()"))

    def legend_classes(self) -> list[str]:
        return self.js("Array.from(document.querySelectorAll('#legend li[data-class]'), li => li.dataset.class)")

    def hover_node(self, node: str, fit: bool = False) -> str:
        """Move the mouse onto a drawn node (after fitting the view, if asked) and return the
        text of the tooltip vis-network shows; checks the tooltip holds no element but our divs."""
        point = self.js(
            f"(() => {{ const net = window.plankgNetwork.network; const id = {json.dumps(node)};"
            + (" net.fit();" if fit else "")
            + " const p = net.canvasToDOM(net.getPositions([id])[id]);"
            " const r = document.getElementById('network').getBoundingClientRect();"
            " return [p.x + r.left, p.y + r.top]; })()"
        )
        self.page.mouse.move(point[0] - 40, point[1] - 40)
        self.page.mouse.move(*point)
        self.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        assert self.js("document.querySelectorAll('div.vis-tooltip *').length") == self.js(
            "document.querySelectorAll('div.vis-tooltip div').length"
        )  # only our own divs
        return self.page.inner_text("div.vis-tooltip")


def open_page(browser, path: Path, width: int = 1400, height: int = 900) -> OpenedPage:
    """Open ``path`` offline and wait until the page says it is drawn."""
    page = browser.new_page(viewport={"width": width, "height": height})
    opened = OpenedPage(page)
    opened.blocked = block_network(page)
    page.on("console", lambda msg: opened.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: opened.console_errors.append(f"uncaught: {exc}"))

    def on_dialog(dialog):
        opened.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(Path(path).resolve().as_uri())
    wait_until_drawn(page, timeout_ms=60_000)
    return opened


def start_browser():
    """(playwright, browser): a headless chromium, or a test failure saying how to install it."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    try:
        return manager, launch_chromium(manager)
    except Exception as exc:
        manager.stop()
        pytest.fail(f"{MISSING} ({exc})")


@pytest.fixture(scope="module")
def browser():
    """One headless chromium per test module (import this fixture into the module)."""
    manager, chromium = start_browser()
    yield chromium
    chromium.close()
    manager.stop()
