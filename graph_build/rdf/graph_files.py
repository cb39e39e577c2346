"""Built graph files read back as datasets, for `plankg serve --graph` and `plankg push FILE`.

TriG and N-Quads keep their named graphs, so ``GRAPH ?g { }`` queries still
work and each graph can be pushed to its own named graph; Turtle, N-Triples
and JSON-LD land in the default graph. The dataset's default graph is the
union of all its graphs, the same view the bundled build gives.
"""

from __future__ import annotations

from pathlib import Path

from graph_build.core.errors import PlanError, Problem
from graph_build.rdf import formats as F

#: File suffix → rdflib parser name (from the format registry, ``graph_build.rdf.formats``).
GRAPH_FILE_FORMATS = {suffix: f.rdflib for f in F.graph_file_formats() for suffix in f.suffixes}
#: The rdflib parsers whose files name their graphs.
QUAD_FORMATS = tuple(f.rdflib for f in F.graph_file_formats() if f.quads)


def graph_file_type(path: Path | str) -> F.Format:
    """The registry's format for ``path``, by its suffix, or ``PlanError`` naming the suffixes understood."""
    fmt = F.suffix_format(path)
    if fmt is None or fmt not in F.graph_file_formats():
        raise PlanError(Problem(f"unknown graph file type {Path(path).suffix!r}; use one of "
                                f"{F.suffix_list(F.graph_file_suffixes())}", path))
    return fmt


def graph_file_format(path: Path | str) -> str:
    """The rdflib parser for ``path``, or ``PlanError`` naming the suffixes understood."""
    return str(graph_file_type(path).rdflib)


def load_graph_file(path: Path | str):
    """``path`` as an rdflib ``Dataset(default_union=True)``.

    A file that does not parse raises ``PlanError`` with the file and, where
    the parser says, the line: bad input is wrapped once, here.
    """
    from rdflib import Dataset

    path = Path(path)
    found = graph_file_type(path)
    fmt = found.title
    if not path.is_file():
        raise PlanError(Problem("no such graph file", path))
    dataset = Dataset(default_union=True)
    try:
        dataset.parse(path, format=found.rdflib)
    except SyntaxError as exc:  # rdflib's BadSyntax (Turtle, TriG, N-Triples) is a SyntaxError
        line = getattr(exc, "lines", None)  # counted from 0
        reason = getattr(exc, "_why", None) or str(exc).strip().splitlines()[0]
        raise PlanError(Problem(f"not valid {fmt}: {reason}", path, line + 1 if line is not None else None)) from None
    except ValueError as exc:  # JSON-LD's JSONDecodeError, bad literals and IRIs
        raise PlanError(Problem(f"not valid {fmt}: {exc}", path, getattr(exc, "lineno", None))) from None
    except Exception as exc:  # rdflib's other parsers raise plain Exceptions
        raise PlanError(Problem(f"not valid {fmt}: {exc}", path)) from None
    return dataset
