"""The static plan portal (``plankg site``): a page per entity, plan, vocabulary concept and comparison.

Also the renderer behind ``plankg serve``'s dereferenceable IRIs: the endpoint is handed
``render_entity`` by the command (the two are siblings of one layer and never import each other).
"""
