"""plankg's version, read from the installed package's metadata (``pyproject.toml`` is its one source)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("plankg")
except PackageNotFoundError:  # a plain checkout that was never installed
    __version__ = "0+unknown"
