"""Closest valid names for a misspelt one: ``unknown id 'yenbai' (did you mean 'yen-bai'?)``.

Names are compared after the one search fold (``textnorm.fold_search_text``: case and Vietnamese
marks), with ``-``, ``_`` and spaces made one separator, and British and American spellings made
one (``urbanization`` and ``urbanisation``), so the commonest slips match exactly; the rest go
through ``difflib`` on those comparison keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph_build.core.textnorm import fold_search_text

#: How similar (difflib ratio on comparison keys) a name must be to be offered.
CUTOFF = 0.75
#: At most this many names are offered.
MAX_SUGGESTIONS = 3

#: American → British spellings, as the vocabularies spell them (urbanisation, centre, …).
_SPELLINGS = ((re.compile(r"iz(e|ed|es|ing|ation|ations)\b"), r"is\1"), (re.compile(r"ter\b"), "tre"))
_SEPARATORS = re.compile(r"[\s_\-./]+")


def comparison_key(name: str) -> str:
    """``name`` folded for comparison: case, marks, separators and spelling variants made one."""
    key = _SEPARATORS.sub("-", fold_search_text(name)).strip("-")
    for pattern, british in _SPELLINGS:
        key = pattern.sub(british, key)
    return key


def closest(name: str, choices: Iterable[str], n: int = MAX_SUGGESTIONS) -> list[str]:
    """The valid names closest to ``name``, best first: exact matches of the comparison key first,
    then those of the key without separators, then difflib's nearest."""
    import difflib

    by_key: dict[str, list[str]] = {}
    for choice in sorted(set(choices)):
        by_key.setdefault(comparison_key(choice), []).append(choice)
    key = comparison_key(name)
    if key in by_key:
        return [c for c in by_key[key] if c != name][:n] or by_key[key][:n]
    squashed = key.replace("-", "")
    same = [c for k, cs in by_key.items() if k.replace("-", "") == squashed for c in cs]
    if same:
        return same[:n]
    keys = difflib.get_close_matches(key, list(by_key), n=n, cutoff=CUTOFF)
    return [c for k in keys for c in by_key[k]][:n]


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` or `` (did you mean 'x', 'y' or 'z'?)``, or "" when nothing is close."""
    found = closest(name, choices)
    if not found:
        return ""
    quoted = [repr(c) for c in found]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f" (did you mean {listed}?)"
