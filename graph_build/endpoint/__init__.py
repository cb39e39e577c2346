"""The read-only SPARQL 1.1 endpoint: HTTP app, content negotiation, pages and query workers.
"""
