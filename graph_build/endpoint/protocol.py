"""uvicorn's httptools protocol, plus the two bounds it lacks: a deadline for the whole request and a size for its head.

uvicorn closes an idle keep-alive connection, but not one that sends its
request line or headers a byte at a time (slow-loris), nor a fresh connection
that sends nothing, and it buffers a request line or header of any length.
This subclass arms one timer per request, from the connection (or the end of
the previous answer) until the request's last body byte has arrived: when it
fires, the client gets 408 if it had started a request, and the connection is
closed. The parsing itself (Content-Length: one, digits only; chunked
encoding; header syntax) is llhttp's, through httptools, which answers 400 to
a negative, doubled, ``+15`` or ``1_5`` length.
"""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from graph_build.endpoint.limits import MAX_REQUEST_HEAD_BYTES, REQUEST_READ_TIMEOUT


def _plain_answer(status: int, reason: str, message: str) -> bytes:
    body = (message + "\n").encode("utf-8")
    return (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    ).encode("ascii") + body


class DeadlineHttpProtocol(HttpToolsProtocol):
    """One deadline per request (``REQUEST_READ_TIMEOUT``) and at most ``MAX_REQUEST_HEAD_BYTES`` of head."""

    _deadline = None
    _bytes_since_armed = 0
    _in_head = True
    _head_size = 0
    _head_too_large = False

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._bytes_since_armed += len(data)
        super().data_received(data)  # the parser reports the end of the head (on_headers_complete) as it goes
        if self._in_head and self._bytes_since_armed > MAX_REQUEST_HEAD_BYTES and not self.transport.is_closing():
            self._refuse(*self._head_refusal())  # a head arriving in pieces, still unfinished past the limit

    def on_message_begin(self) -> None:
        self._in_head, self._head_size, self._head_too_large = True, 0, False
        super().on_message_begin()

    def on_url(self, url: bytes) -> None:
        self._count_head(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_head(len(name) + len(value) + 4)  # ": " and CRLF
        super().on_header(name, value)

    def _count_head(self, size: int) -> None:
        """Stop the parser (llhttp reports a callback error, which uvicorn answers) once the head is too long."""
        self._head_size += size
        if self._head_size > MAX_REQUEST_HEAD_BYTES:
            self._head_too_large = True
            raise ValueError("request head too long")

    def send_400_response(self, msg: str) -> None:
        if self._head_too_large:
            self._refuse(*self._head_refusal())
        else:
            super().send_400_response(msg)

    def _head_refusal(self) -> tuple[int, str, str]:
        in_line = not self.headers  # no header parsed yet: still the request line
        status, reason = (414, "URI Too Long") if in_line else (431, "Request Header Fields Too Large")
        return (
            status,
            reason,
            f"the request {'line' if in_line else 'head'} is longer than {MAX_REQUEST_HEAD_BYTES} bytes",
        )

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()  # the whole request is here: the time limit of the query takes over
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._bytes_since_armed = 0
        self._deadline = self.loop.call_later(REQUEST_READ_TIMEOUT, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        answering = self.cycle is not None and self.cycle.response_started and not self.cycle.response_complete
        if self._bytes_since_armed and not answering:
            self._refuse(408, "Request Timeout", f"the request did not arrive within {REQUEST_READ_TIMEOUT:g} s")
        else:
            self._close()

    def _refuse(self, status: int, reason: str, message: str) -> None:
        if self.cycle is not None and self.cycle.response_started and not self.cycle.response_complete:
            self._close()  # half an answer is out: a status line now would corrupt it
            return
        self.transport.write(_plain_answer(status, reason, message))
        self._close()

    def _close(self) -> None:
        self._disarm()
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True  # the app's own answer, if it comes, is dropped
            self.cycle.message_event.set()
        self.transport.close()
