"""The read-only SPARQL 1.1 endpoint (``plankg serve``).

=================  ==================================================================
module             what
=================  ==================================================================
``limits``         every default and limit (light: the CLI reads its defaults here)
``server``         the HTTP side: a Starlette app on uvicorn, ``serve()``/``run_server()``
``protocol``       uvicorn's HTTP protocol with a deadline for the whole request
``pool``           worker processes, each with the dataset in pyoxigraph, time/memory limits
``worker``         what a worker does with one job: guard, evaluate, bound, serialise
``formats``        content negotiation (SPARQL 1.1 Protocol §2.1.5)
``description``    the SPARQL Service Description answered at ``GET /sparql``
``pages``          HTML pages, from the templates in ``assets/``
=================  ==================================================================
"""
