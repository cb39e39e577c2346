"""The package's layers import only downward, and no module imports in a cycle.

The layers follow the pipeline (see the package docstring and the README's layout
table). Every ``import`` counts, at module level or inside a function: a lazy import
is still a dependency, only a cheaper one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graph_build"

#: Each subpackage and the rank of its layer; a module may import its own subpackage
#: and any subpackage of a lower rank, never a sibling of the same rank.
LAYERS = {
    "core": 0,
    "plans": 1,
    "rdf": 2,
    "shacl": 3,
    "pipeline": 4,
    "stores": 5,
    "sparql": 6,
    "network": 7,
    "linking": 7,
    "endpoint": 8,
    "views": 8,
    "site": 8,
    "extract": 2,
    "cli": 9,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """The graph_build modules ``path`` imports, as dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = _module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "graph_build")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] != "graph_build":
                continue
            found.add(module)
            for alias in node.names:  # ``from graph_build.x import y`` where y is a module
                candidate = f"{module}.{alias.name}"
                if (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py").exists() or (
                    PACKAGE.parent / candidate.replace(".", "/") / "__init__.py"
                ).exists():
                    found.add(candidate)
    return found


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "_bundled" not in p.parts}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_subpackage_has_a_layer():
    subpackages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert subpackages == set(LAYERS), "add the new subpackage to LAYERS (and the README's layout table)"
    loose = sorted(m for m in MODULES if m.count(".") == 1 and _layer(m) is None)
    assert loose == ["graph_build.__main__"], "modules belong in a layer's subpackage"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_only_downward(module):
    own = _layer(module)
    if own is None:  # graph_build/__init__.py and __main__.py sit above every layer
        return
    wrong = []
    for target in sorted(_imports(MODULES[module])):
        layer = _layer(target)
        if layer is None or layer == own:
            if layer is None and target != "graph_build":
                continue
            if target == "graph_build":
                wrong.append(f"{target} (the top package; import the module itself)")
            continue
        if LAYERS[layer] >= LAYERS[own]:
            wrong.append(f"{target} ({layer}, rank {LAYERS[layer]} ≥ {own}, rank {LAYERS[own]})")
    assert not wrong, f"{module} imports upward or sideways: " + "; ".join(wrong)


def test_no_import_cycles():
    """Between modules (a package's ``__init__`` re-exporting its own modules is left out)."""
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        if path.name == "__init__.py":
            continue
        for target in _imports(path):
            if target in MODULES and target != module and MODULES[target].name != "__init__.py":
                graph.add_edge(module, target)
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, "import cycles: " + "; ".join(" → ".join([*c, c[0]]) for c in cycles[:5])
