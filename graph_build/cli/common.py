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


plan_dirs = click.argument("plan_dirs", nargs=-1, type=click.Path(path_type=Path))
base_option = click.option("--base", default=DEFAULT_DATA_BASE, show_default=True,
                           help="Base IRI for plan data (must end with / or #).")
