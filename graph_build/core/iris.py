"""The fixed IRIs of plankg, in a module light enough for the CLI's start-up path."""

ONTOLOGY_IRI = "https://w3id.org/plankg/def"
#: Instances of the shared vocabularies (funding categories, sectors, …).
VOCAB_IRI = "https://w3id.org/plankg/vocab/"
#: Default base for plan data; ``build --base`` changes it.
DEFAULT_DATA_BASE = "https://w3id.org/plankg/id/"
