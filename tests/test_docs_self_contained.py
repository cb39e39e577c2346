"""The documentation speaks of the repository only, and explains the confidence marks itself."""

import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
#: what pointed readers at notes kept outside the repository
OUTSIDE = re.compile(r"\.\./shared|shared/research|plan-facts|performance-notes")


def test_no_doc_points_outside_the_repository():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in DOCS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert not found, "\n".join(found)


def test_relative_links_in_docs_resolve():
    broken = []
    for path in DOCS:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            if not (path.parent / target).exists():
                broken.append(f"{path.relative_to(ROOT)} -> {target}")
    assert not broken, broken


def test_data_format_defines_every_confidence_mark():
    vocab = Graph().parse(ROOT / "ontology" / "vocabularies.ttl", format="turtle")
    scheme = URIRef("https://w3id.org/plankg/vocab/confidence")
    marks = {str(vocab.value(c, SKOS.notation)) for c in vocab.subjects(SKOS.inScheme, scheme)}
    assert marks == {"high", "medium", "low"}
    text = (ROOT / "docs" / "data-format.md").read_text(encoding="utf-8")
    section = text.split("### Confidence", 1)[1].split("\n## ", 1)[0]
    for mark in marks:
        assert re.search(rf"^\| `{mark}` \| \S", section, re.M), mark
    assert "Choosing for your own research" in section
    definition = " ".join(str(o) for o in vocab.objects(scheme, SKOS.definition))
    assert not OUTSIDE.search(definition) and "research/" not in definition
