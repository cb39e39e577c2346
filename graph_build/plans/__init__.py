"""Plan files in: YAML reading, the schema of sections and fields, the loader and the
cross-file checks (references, quotes, counts), and the scaffold of a new plan. No RDF here.
"""
