"""Offline HTML pages: network views, the index and the ontology documentation."""
