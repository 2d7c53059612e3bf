"""
The load scripts' HTTP client: one HTTP/1.0 request per connection over a plain asyncio socket,
which is how nginx talks to gunicorn by default (proxy_http_version 1.0, a new connection for
each request).

Why not a full client library: the load generator shares the machine's two cores with gunicorn,
and gunicorn's sync worker, after sending a response, waits for the client to close its side
of the connection (gunicorn.util.close_graceful) before it accepts the next request. A client
that spends a millisecond of CPU per request, and closes its socket a turn of the event loop
after reading the answer, keeps the workers waiting on the load generator instead of serving
requests. This one closes the socket as soon as the answer's last byte has arrived.
"""

import asyncio
import socket
from dataclasses import dataclass
from urllib.parse import urlencode


class IncompleteResponse(Exception):
    """The connection closed before the whole response arrived (a worker killed mid-answer)."""


@dataclass
class Response:
    status: int
    text: str
    location: str


class Client:
    """One visitor: a cookie jar and the address of the server it talks to."""

    def __init__(self, host, port):
        self.host = host
        self.port = port
        self.cookies = {}

    async def request(self, method, path, *, form=None, headers=None):
        """
        Send one request and read the response to its end. `form` (a dict or a list of pairs,
        a pair per value of a repeated field) is sent urlencoded. Raises OSError if the server
        cannot be reached or resets the connection, IncompleteResponse if the response is cut
        short; the caller bounds the time (asyncio.timeout).
        """
        loop = asyncio.get_running_loop()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            await loop.sock_connect(sock, (self.host, self.port))
            await loop.sock_sendall(sock, self._encode(method, path, form, headers or {}))
            received = []
            while chunk := await loop.sock_recv(sock, 262144):
                received.append(chunk)
        finally:
            sock.close()
        return self._read(b"".join(received))

    def _encode(self, method, path, form, headers):
        lines = [f"{method} {path} HTTP/1.0", f"Host: {self.host}:{self.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        body = b""
        if form is not None:
            body = urlencode(form).encode("ascii")
            lines.append("Content-Type: application/x-www-form-urlencoded")
            lines.append(f"Content-Length: {len(body)}")
        lines.extend(f"{name}: {value}" for name, value in headers.items())
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    def _read(self, raw):
        head, separator, body = raw.partition(b"\r\n\r\n")
        if not separator:
            raise IncompleteResponse(f"{len(raw)} bytes and no end of headers")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        location = ""
        length = None
        for line in header_lines:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                self._store_cookie(value)
            elif name == "location":
                location = value
            elif name == "content-length":
                length = int(value)
        if length is not None and len(body) != length:
            raise IncompleteResponse(f"{len(body)} of {length} bytes of body")
        return Response(status, body.decode("utf-8", errors="replace"), location)

    def _store_cookie(self, header):
        """Every cookie the app sets has Path=/ and no domain: only name, value and expiry count."""
        pair, *attributes = header.split(";")
        name, _, value = pair.strip().partition("=")
        expired = any(
            attribute.strip().lower().replace(" ", "") == "max-age=0" for attribute in attributes
        )
        if expired:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value
