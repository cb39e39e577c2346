"""What every plankg command shares: error handling, progress lines, common options.

Sub-command modules (``cli_link``, ``cli_query`` …) import from here, not from
``cli``, so that ``cli`` can register them without a circular import.
"""

from __future__ import annotations

import functools
import sys
import time
from pathlib import Path

import click

from graph_build.core.errors import EXIT_UNUSABLE, PlanKGError
from graph_build.core.iris import DEFAULT_DATA_BASE


def _friendly_errors(func):
    """Turn plankg's own errors into located messages and an exit code, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except PlanKGError as exc:
            problems = getattr(exc, "problems", None)
            lines = [str(p) for p in problems] if problems else ["error: " + " ".join(str(exc).split())]
            for line in lines:
                click.echo(line, err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            click.echo(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
            sys.exit(EXIT_UNUSABLE)

    return wrapper


class _Progress:
    """One line per step on stderr, with the time it took: long work shows progress."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            click.echo(f"[{time.perf_counter() - self.start:6.2f}s] {message}", err=True)


#: The ASCII an IRI may hold (RFC 3987: unreserved, reserved and ``%``); every other ASCII character,
#: space and controls included, could end an IRI early in N-Triples, Turtle or JSON-LD.
_IRI_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%")
#: RFC 3987's ucschar, less the bidi formatting characters it forbids (and the later isolates).
_UCSCHAR = (
    (0xA0, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF),
    *((plane << 16, (plane << 16) + 0xFFFD) for plane in range(1, 14)),
    (0xE1000, 0xEFFFD),
)
_BIDI_FORMATTING = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def base_iri_problem(text: str) -> str | None:
    """Why ``text`` cannot be the base of plan IRIs, or ``None``: an absolute IRI ending in ``/`` or ``#``."""
    import re

    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", text):
        return "not an absolute IRI: it must start with a scheme such as https:"
    for position, char in enumerate(text, 1):
        code = ord(char)
        allowed = (
            char in _IRI_ASCII
            if code < 0x80
            else (char not in _BIDI_FORMATTING and any(low <= code <= high for low, high in _UCSCHAR))
        )
        if not allowed:
            return f"character U+{code:04X} at position {position} is not allowed in an IRI"
    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        return "'%' must be followed by two hexadecimal digits"
    if text.count("#") > 1:
        return "an IRI holds at most one '#'"
    if not text.endswith(("/", "#")):
        return "it must end with '/' or '#', so that plan ids can follow it"
    return None


def _checked_base(ctx, param, value: str) -> str:  # noqa: ARG001 - click's callback signature
    import unicodedata

    value = unicodedata.normalize("NFC", value)
    problem = base_iri_problem(value)
    if problem is not None:
        raise click.BadParameter(problem)
    return value


plan_dirs = click.argument("plan_dirs", nargs=-1, type=click.Path(path_type=Path))
base_option = click.option(
    "--base",
    default=DEFAULT_DATA_BASE,
    show_default=True,
    callback=_checked_base,
    help="Base IRI for plan data: an absolute IRI (RFC 3987) ending with / or #.",
)


# issue 15: reference data a user adds beside the bundled reference/
reference_option = click.option(
    "--reference",
    "reference_dirs",
    multiple=True,
    type=click.Path(path_type=Path, exists=True),
    help="Also load the reference data (kind: reference) of this folder's *.yaml files, or of this "
    "file: shared places and infrastructure (repeatable).",
)
