"""The graph as a network: a networkx model of the RDF graph, layout data and exports."""
