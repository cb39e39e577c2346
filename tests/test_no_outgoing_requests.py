"""SERVICE, LOAD and FROM of a graph the data does not hold are refused on every path, and no socket opens.

A loopback socket listens where the hostile queries point and records every connection
it is offered; an audit hook (``sys.addaudithook``) records every ``socket.connect``,
``socket.getaddrinfo`` and ``urllib.Request`` the process makes while a query runs. Both
must stay empty: the refusal (``stores.query.prepare`` / ``query_dataset``, called by
every store before its engine) comes before any engine or network is touched.
"""

from __future__ import annotations

import socket
import sys
import threading

import pytest
from click.testing import CliRunner

from graph_build.cli.main import main
from graph_build.core.errors import QueryError
from graph_build.sparql.library import run_sparql

_WATCH: dict = {"on": False, "events": []}
_NETWORK_EVENTS = (
    "socket.connect",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "urllib.Request",
    "http.client.connect",
)


def _record(event: str, args) -> None:
    if _WATCH["on"] and event in _NETWORK_EVENTS:
        _WATCH["events"].append((event, repr(args)[:200]))


sys.addaudithook(_record)  # for the whole session (a hook cannot be removed); it records only when on


class Listener:
    """A loopback TCP socket that accepts and records every connection until closed."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.seen: list = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, addr = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.seen.append(addr)
            conn.close()

    def connections(self) -> list:
        """Every connection offered so far, the ones still queued included (no waiting)."""
        self._stop.set()
        self._thread.join()
        self.sock.setblocking(False)
        while True:
            try:
                conn, addr = self.sock.accept()
            except BlockingIOError:
                break
            self.seen.append(addr)
            conn.close()
        return self.seen

    def close(self) -> None:
        self._stop.set()
        self.sock.close()


@pytest.fixture()
def listener():
    server = Listener()
    yield server
    server.close()


class watching:
    """Record the process's network calls inside the block."""

    def __enter__(self):
        _WATCH["events"] = []
        _WATCH["on"] = True
        return _WATCH["events"]

    def __exit__(self, *exc):
        _WATCH["on"] = False


def hostile(url: str) -> dict[str, str]:
    """Queries that would make an engine reach ``url``: rdflib fetches SERVICE and unknown FROM, Oxigraph SERVICE."""
    return {
        "service": f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "service-silent": f"SELECT * WHERE {{ SERVICE SILENT <{url}/sparql> {{ ?s ?p ?o }} }}",
        "service-variable": f"SELECT * WHERE {{ VALUES ?e {{ <{url}/sparql> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        "service-in-subquery": f"ASK {{ {{ SELECT ?s WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }} }} }}",
        "load": f"LOAD <{url}/data.ttl>",
        "load-silent-into": f"LOAD SILENT <{url}/data.ttl> INTO GRAPH <urn:x>",
        "from": f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}",
        "from-named": f"SELECT * FROM NAMED <{url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "ask-from": f"ASK FROM <{url}/data.ttl> {{ }}",
        "construct-from": f"CONSTRUCT {{ ?s ?p ?o }} FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}",
    }


#: Refused however the endpoint is reached: the query never leaves plankg. (FROM is the remote store's
#: own to resolve, so with --endpoint only these are refused locally.)
REFUSED_BEFORE_ANY_REQUEST = (
    "service",
    "service-silent",
    "service-variable",
    "service-in-subquery",
    "load",
    "load-silent-into",
)
KINDS = list(hostile("http://h"))


@pytest.fixture(scope="module")
def files(bundled, tmp_path_factory):
    from graph_build import write
    from graph_build.stores import write_store

    folder = tmp_path_factory.mktemp("sources")
    [trig] = write(bundled, folder, formats=("trig",))
    write_store(bundled, folder / "store")
    return {"store": folder / "store", "trig": trig}


@pytest.fixture(scope="module")
def stores(bundled, files):
    """Every local store, opened before the network is watched (building opens no socket either)."""
    from graph_build.stores.source import open_source

    out = {
        "bundled": open_source(),
        "rdflib": open_source(result=bundled, engine="rdflib"),
        "store-folder": open_source(store=files["store"]),
        "graph-file": open_source(graph_file=files["trig"]),
    }
    for store in out.values():
        assert store.run("ASK { ?s ?p ?o }").boolean
    return out


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("store", ["bundled", "rdflib", "store-folder", "graph-file"])
def test_python_api_refuses_and_opens_no_socket(stores, listener, store, kind):
    text = hostile(listener.url)[kind]
    with watching() as events, pytest.raises(QueryError, match="refused|not a graph of this dataset"):
        run_sparql(text, store=stores[store])
    assert events == []
    assert listener.connections() == []


@pytest.mark.parametrize("store", ["bundled", "rdflib", "store-folder"])
def test_protocol_graphs_not_in_the_data_are_refused(stores, listener, store):
    with watching() as events:
        for given in ({"default_graphs": [f"{listener.url}/data.ttl"]}, {"named_graphs": [f"{listener.url}/g"]}):
            with pytest.raises(QueryError, match="not a graph of this dataset"):
                run_sparql("SELECT * WHERE { ?s ?p ?o }", store=stores[store], **given)
    assert events == []
    assert listener.connections() == []


def test_remote_store_refuses_before_sending(listener):
    """The endpoint is the listener itself: the refusal must come before the request."""
    from graph_build.stores.remote import RemoteStore

    store = RemoteStore(f"{listener.url}/sparql")
    with watching() as events:
        for kind in REFUSED_BEFORE_ANY_REQUEST:
            with pytest.raises(QueryError, match="refused"):
                store.run(hostile(listener.url)[kind])
    assert events == []
    assert listener.connections() == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("source", ["bundled", "store-folder", "graph-file", "endpoint"])
def test_cli_exits_2_with_one_line_and_opens_no_socket(stores, files, listener, source, kind):
    if source == "endpoint" and kind not in REFUSED_BEFORE_ANY_REQUEST:
        kind = "service"  # FROM is the endpoint's own to resolve: see REFUSED_BEFORE_ANY_REQUEST
    args = {
        "bundled": [],
        "store-folder": ["--store", str(files["store"])],
        "graph-file": ["--graph", str(files["trig"])],
        "endpoint": ["--endpoint", f"{listener.url}/sparql"],
    }[source]
    with watching() as events:
        out = CliRunner().invoke(main, ["sparql", hostile(listener.url)[kind], *args])
    assert out.exit_code == 2, out.output
    assert out.output.startswith("error: ") and "Traceback" not in out.output
    assert len(out.output.strip().splitlines()) == 1
    assert events == []
    assert listener.connections() == []


def test_the_watch_sees_a_real_connection(listener):
    """The two witnesses work: a real request to the listener is seen by both."""
    import urllib.error
    import urllib.request

    with watching() as events:
        try:
            urllib.request.urlopen(f"{listener.url}/sparql", timeout=5).close()
        except (urllib.error.URLError, OSError):
            pass  # the listener hangs up without answering
    assert any(event == "socket.connect" for event, _ in events)
    assert len(listener.connections()) == 1
