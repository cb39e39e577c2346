"""``application/x-www-form-urlencoded`` decoding (query strings and form bodies), in C-speed steps.

``urllib.parse.parse_qsl`` decodes each ``%XX`` in a Python loop: a SPARQL
query of 1.5 kB sent by GET carries a few hundred of them (spaces, braces,
``?``, ``<``, Vietnamese letters), and decoding took ~0.5 ms, as long as
Oxigraph takes to answer a named query. Here every escape becomes a
``\\xNN`` escape (one ``bytes.replace``) and the whole value is decoded by the
``unicode_escape`` codec, with the same result as
``parse_qsl(..., keep_blank_values=True)`` (tests/test_endpoint_protocol.py
compares the two on random input).
"""

from __future__ import annotations


def unquote_plus(raw: bytes) -> str:
    """One form-encoded value: ``+`` is a space, ``%XX`` a byte, the bytes UTF-8 (bad ones replaced).

    >>> unquote_plus(b"SELECT+%3Fs+WHERE+%7B%7D+%23+H%E1%BB%AFu+Ngh%E1%BB%8B+%5C")
    'SELECT ?s WHERE {} # Hữu Nghị \\\\'
    >>> unquote_plus(b"100%+sure%2")  # a % without two hex digits stays as it is
    '100% sure%2'
    """
    raw = raw.replace(b"+", b" ")
    if b"%" not in raw:
        return raw.decode("utf-8", "replace")
    try:
        # Backslashes doubled first, so the only escapes the codec sees are the \\xNN written here.
        latin = raw.replace(b"\\", b"\\\\").replace(b"%", b"\\x").decode("unicode_escape")
    except UnicodeDecodeError:  # a % not followed by two hex digits: the slow, general path
        from urllib.parse import unquote_to_bytes

        return unquote_to_bytes(raw).decode("utf-8", "replace")
    return latin.encode("latin-1").decode("utf-8", "replace")


def parse_form(raw: bytes | str) -> list[tuple[str, str]]:
    """Name/value pairs in order, blank values kept, as ``parse_qsl(text, keep_blank_values=True)``.

    >>> parse_form("query=ASK+%7B%7D&format=json&empty=&flag")
    [('query', 'ASK {}'), ('format', 'json'), ('empty', ''), ('flag', '')]
    """
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    pairs = []
    for field in raw.split(b"&"):
        if not field:
            continue
        name, _, value = field.partition(b"=")
        pairs.append((unquote_plus(name), unquote_plus(value)))
    return pairs
