"""The build: plans → checks → triples → SHACL, as one ``BuildResult`` (``build``, ``validate``, ``write``)."""
