"""The views' page files, kept in ``graph_build/views/assets/``, and filling them in.

Each page is an HTML template with ``string.Template`` placeholders
(``${title}``) and its CSS and JavaScript beside it (``view.html``,
``view.css``, ``view.js``; ``index.html``, ``index.css``; ``docs.html``,
``docs.css``). They are package files, read with ``importlib.resources``, so
they are in the wheel and can be edited as what they are.

``fill`` keeps text and markup apart: a value given as ``text`` (a label, a
title, a date) is HTML-escaped; ``markup`` is for what the caller made safe
itself (fragments built from escaped parts, styles and scripts through
``inline_style`` / ``inline_script``, JSON through ``json_for_html``).

>>> fill("index.html", text={"lang": "vi", "title": "<b>Quy hoạch</b>", "date": "2024"},
...      markup={"css": "", "body": ""}).count("&lt;b&gt;Quy hoạch&lt;/b&gt;")
2
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
def asset(name: str) -> str:
    """The text of ``assets/<name>`` (UTF-8), read once per process."""
    return (files("graph_build.views") / "assets" / name).read_text(encoding="utf-8")


def fill(template: str, text: Mapping[str, str] | None = None, markup: Mapping[str, str] | None = None) -> str:
    """The template ``assets/<template>`` with ``text`` values escaped and ``markup`` values as given.

    Every placeholder must be given (``KeyError`` otherwise), and no name twice.
    """
    text, markup = dict(text or {}), dict(markup or {})
    both = text.keys() & markup.keys()
    if both:
        raise ValueError(f"given both as text and as markup: {', '.join(sorted(both))}")
    values = {key: html.escape(value, quote=True) for key, value in text.items()}
    values.update(markup)
    return Template(asset(template)).substitute(values)


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
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


__all__ = ["asset", "fill", "inline_script", "inline_style", "json_for_html"]
