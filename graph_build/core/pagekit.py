"""Filling HTML page templates that are package files, keeping text and markup apart.

One mechanism for every page plankg writes (the network views, the static site):
a template is an HTML file with ``string.Template`` placeholders (``${title}``)
kept in a subpackage's ``assets/`` folder and read with ``importlib.resources``.
A value given as ``text`` (a label, a title, a date) is HTML-escaped; ``markup``
is for what the caller made safe itself (fragments built from escaped parts,
styles and scripts through ``inline_style`` / ``inline_script``, JSON through
``json_for_html``).

The search fold's JavaScript lives beside it (``core/assets/fold.js``), as the
Python fold lives in ``core.textnorm``: every page that searches inlines that
one file (``fold_js``), so there is one JavaScript fold as there is one Python fold.

>>> fill_template("<title>${title}</title>${body}", text={"title": "<b>&"}, markup={"body": "<p>"})
'<title>&lt;b&gt;&amp;</title><p>'
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Mapping
from importlib.resources import files
from string import Template


@functools.cache
def package_asset(package: str, name: str) -> str:
    """The text of ``<package>/assets/<name>`` (UTF-8), read once per process."""
    return (files(package) / "assets" / name).read_text(encoding="utf-8")


def fold_js() -> str:
    """The search fold in JavaScript: ``plankgFoldText(text)``, step for step ``textnorm.fold_search_text``."""
    return package_asset("graph_build.core", "fold.js")


def fill_template(template: str, text: Mapping[str, str] | None = None, markup: Mapping[str, str] | None = None) -> str:
    """``template`` (the text of a page file) with ``text`` values escaped and ``markup`` values as given.

    Every placeholder must be given (``KeyError`` otherwise), and no name twice.
    """
    text, markup = dict(text or {}), dict(markup or {})
    both = text.keys() & markup.keys()
    if both:
        raise ValueError(f"given both as text and as markup: {', '.join(sorted(both))}")
    values = {key: html.escape(value, quote=True) for key, value in text.items()}
    values.update(markup)
    return Template(template).substitute(values)


def inline_script(js: str) -> str:
    """JavaScript that cannot end its ``<script>`` element early."""
    return _inline_safe(js, "script")


def inline_style(css: str) -> str:
    """CSS that cannot end its ``<style>`` element early."""
    return _inline_safe(css, "style")


def _inline_safe(text: str, tag: str) -> str:
    return re.sub(rf"</({tag})", r"<\\/\1", text, flags=re.IGNORECASE)


def json_for_html(data) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&``, U+2028 or U+2029 as such.

    >>> json_for_html({"label": "</script><b>&"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


__all__ = ["fill_template", "fold_js", "inline_script", "inline_style", "json_for_html", "package_asset"]
