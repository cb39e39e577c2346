"""Placeholders a template leaves for a person to replace, found and reported as warnings.

A template (``plankg new-reference``) writes ``TODO`` where a person must put a real
name, page or paraphrase. The file validates, so it can be built while being filled in,
but every text still holding the mark is a warning naming its file, line and field: a
placeholder must never pass silently for a fact.
"""

from __future__ import annotations

from graph_build.core.errors import Problem

PLACEHOLDER = "TODO"


def _has(text) -> bool:
    return isinstance(text, str) and PLACEHOLDER in text


def placeholder_warnings(datasets) -> list[Problem]:
    """One warning per text of the datasets that still holds the placeholder mark."""
    out: list[Problem] = []

    def warn(ds, line, where: str) -> None:
        out.append(
            Problem(
                f"placeholder {PLACEHOLDER!r} still here: replace it with the real text",
                ds.file,
                line,
                where,
                severity="warning",
                exit_code=0,
            )
        )

    for ds in datasets:
        for sid, source in ds.sources.items():
            if _has(source.url) or any(_has(t) for t in source.title.values()):
                warn(ds, source.line, f"sources.{sid}")
        things = [*ds.entities.values(), *getattr(ds, "concepts", {}).values()]
        for thing in things:
            lines = getattr(thing, "lines", {})
            if any(_has(t) for t in thing.label.values()):
                warn(ds, lines.get("label", thing.line), f"{thing.id}.label")
            if any(_has(t) for t in (getattr(thing, "definition", None) or {}).values()):
                warn(ds, lines.get("definition", thing.line), f"{thing.id}.definition")
            for a in thing.sources:
                if _has(a.note) or _has(a.quote):
                    warn(ds, a.line, f"{thing.id}.source")
    return out


__all__ = ["PLACEHOLDER", "placeholder_warnings"]
