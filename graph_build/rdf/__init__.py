"""Records → triples → bytes: N-Triples term strings, the builder, graph files and the writers."""
