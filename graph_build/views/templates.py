"""The views' page files, kept in ``graph_build/views/assets/``, and filling them in.

Each page is an HTML template with ``string.Template`` placeholders
(``${title}``) and its CSS and JavaScript beside it (``view.html``,
``view.css``, ``view.js``; ``index.html``, ``index.css``; ``docs.html``,
``docs.css``). They are package files, read with ``importlib.resources``, so
they are in the wheel and can be edited as what they are.

The filling is ``graph_build.core.pagekit``'s, shared with the site:
``fill`` keeps text and markup apart: a value given as ``text`` (a label, a
title, a date) is HTML-escaped; ``markup`` is for what the caller made safe
itself (fragments built from escaped parts, styles and scripts through
``inline_style`` / ``inline_script``, JSON through ``json_for_html``).

>>> fill("index.html", text={"lang": "vi", "title": "<b>Quy hoạch</b>", "date": "2024"},
...      markup={"css": "", "body": ""}).count("&lt;b&gt;Quy hoạch&lt;/b&gt;")
2
"""

from __future__ import annotations

from collections.abc import Mapping

from graph_build.core.pagekit import fill_template, fold_js, inline_script, inline_style, json_for_html, package_asset


def asset(name: str) -> str:
    """The text of ``assets/<name>`` (UTF-8), read once per process."""
    return package_asset("graph_build.views", name)


def fill(template: str, text: Mapping[str, str] | None = None, markup: Mapping[str, str] | None = None) -> str:
    """The template ``assets/<template>`` with ``text`` values escaped and ``markup`` values as given.

    Every placeholder must be given (``KeyError`` otherwise), and no name twice.
    """
    return fill_template(asset(template), text, markup)


__all__ = ["asset", "fill", "fold_js", "inline_script", "inline_style", "json_for_html"]
