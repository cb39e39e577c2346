"""Every limit and default of the endpoint, in one light module (no heavy imports).

``plankg serve``'s options take their defaults from here, and docs/limits.md
lists each constant with what a client sees when it is hit.
"""

from __future__ import annotations

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 10.0  # seconds per query
DEFAULT_MAX_ROWS = 10_000  # rows of a SELECT, triples of a CONSTRUCT
#: Worker processes, each holding the graph: one more than the 2 cores of a small machine, so a
#: core runs a query while another worker's answer is on its way to the client (measured on
#: 2 cores, 8 clients, one-row queries: 3 workers answer ~10 % more requests/s than 2).
DEFAULT_WORKERS = 3
#: How much memory one query may take in its worker, beyond what the worker holds once the graph
#: is loaded (an address-space limit set in the worker: a query that needs more stops its worker).
DEFAULT_MAX_MEMORY_MIB = 512
#: The largest answer body, in bytes, whatever its format: a few rows can be huge strings
#: (26 nested ``BIND(CONCAT(?x, ?x))`` make one value of 2^26 copies).
DEFAULT_MAX_ANSWER_BYTES = 32 * 2**20
MAX_QUERY_BYTES = 100_000  # request body and query text
#: Seconds a client has to send a whole request (request line, headers, body), counted from the
#: connection or the end of the previous answer; a slower client (slow-loris) gets 408 and the
#: connection is closed. An idle keep-alive connection is closed after the same time.
REQUEST_READ_TIMEOUT = 10.0
#: Request line and headers together; more is answered 414 (in the request line) or 431.
MAX_REQUEST_HEAD_BYTES = 65_536
#: Open connections at once; a connection beyond them is answered 503 at once.
MAX_CONNECTIONS = 256
#: How long a fresh worker may take to start and load the graph.
WORKER_START_TIMEOUT = 120.0
SPARQL_PATH = "/sparql"
QUERIES_PATH = "/queries/"
