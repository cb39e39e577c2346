"""One error type for bad input, wrapped once at the loading edge.

Every problem a user can fix carries the file, the line and the field it is
about, so the CLI can print one clear line per problem and exit with the code
README documents: 0 valid, 1 not valid, 2 unusable input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_INVALID = 1  # the input was read, but the plan breaks a rule (SHACL, quotes, counts)
EXIT_UNUSABLE = 2  # the input cannot be read or built (syntax, types, references)

#: Longest piece of user input a message repeats (longer input is cut with "…").
MAX_ECHO_CHARS = 120
#: Characters a terminal could act on or that hide text: C0/C1 controls (tab too: it would
#: misalign a message), line and paragraph separators, bidirectional overrides and isolates.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every character a terminal could act on written as ``\\uXXXX``."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def cut(text: str, width: int = MAX_ECHO_CHARS) -> str:
    """At most ``width`` characters of ``text``, ending in "…" when it was longer."""
    return text if len(text) <= width else text[: width - 1] + "…"


def excerpt(value: object, width: int = MAX_ECHO_CHARS) -> str:
    """A piece of input as a message repeats it: its repr (text quoted), printable, short."""
    return printable(repr(cut(value, width)) if isinstance(value, str) else cut(repr(value), width))


@dataclass(frozen=True)
class Problem:
    """One finding about the input, located as precisely as we can."""

    message: str
    file: Path | str | None = None
    line: int | None = None
    field: str | None = None
    severity: str = "error"  # "error" or "warning"
    exit_code: int = EXIT_UNUSABLE

    def __str__(self) -> str:
        # Every part may hold input (a folder name, a key, a value): nothing reaches the
        # terminal raw, and a message cannot grow without bound.
        where = printable(str(self.file)) if self.file is not None else "<input>"
        if self.line is not None:
            where += f":{self.line}"
        what = f" [{printable(cut(self.field))}]" if self.field else ""
        return f"{where}: {self.severity}{what}: {printable(cut(self.message, 8 * MAX_ECHO_CHARS))}"


class PlanKGError(Exception):
    """Base class of every error plankg raises on purpose."""

    exit_code = EXIT_UNUSABLE


class PlanError(PlanKGError):
    """Input that cannot be used: carries one or more located problems."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.exit_code = max((p.exit_code for p in self.problems), default=EXIT_UNUSABLE)
        super().__init__("\n".join(str(p) for p in self.problems))


class QueryError(PlanKGError):
    """A named query, its parameters or an ad-hoc query cannot be used."""


class EndpointError(PlanKGError):
    """A remote store or endpoint refused or failed a request."""
