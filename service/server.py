"""The HTTP server `ladder serve` runs: uvicorn on its h11 protocol, with bounds on what a client may send.

A request head over MAX_HEADER_BYTES is refused with 431 and the connection
closed, whether it arrives at once or never ends (h11 itself only bounds the
part it has not parsed yet); and a connection that has not sent a whole
request (head and body) within `request_timeout` seconds of its first byte
is closed, so a client cannot hold a connection open by sending slowly.
"""

from __future__ import annotations

import asyncio
import json
import logging

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_HEADER_BYTES = 16 * 1024
log = logging.getLogger("ladder.server")


class BoundedH11Protocol(H11Protocol):
    request_timeout = 10.0  # seconds; `ladder serve` sets it from LADDER_REQUEST_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._request_timer: asyncio.TimerHandle | None = None
        self._head = 0  # bytes of the request head received so far
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:
            end = data.find(b"\r\n\r\n")
            self._head += len(data) if end < 0 else end
            if self._head > MAX_HEADER_BYTES:
                self._refuse_head()
                return
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._head = 0
        if self.conn.their_state in (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR):
            self._disarm()  # the whole request is in: the app may take its time
        elif self._request_timer is None and not self.transport.is_closing():
            self._arm()  # the first bytes of the next request on a kept-alive connection

    def on_response_complete(self) -> None:
        self._disarm()
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _refuse_head(self) -> None:
        log.warning("refusing a request head over %d bytes from %s", MAX_HEADER_BYTES, self.client)
        body = json.dumps({"detail": f"request head over {MAX_HEADER_BYTES} bytes"}).encode()
        head = (
            "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
        )
        self._disarm()
        self.transport.write(head.encode() + body)
        self.transport.close()

    def _arm(self) -> None:
        self._disarm()
        self._request_timer = self.loop.call_later(self.request_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._request_timer is not None:
            self._request_timer.cancel()
            self._request_timer = None

    def _too_slow(self) -> None:
        self._request_timer = None
        if self.conn.their_state is not h11.DONE:
            log.warning("closing a connection from %s: no whole request within %gs", self.client, self.request_timeout)
            self.transport.close()


def bound_requests(request_timeout: float) -> None:
    """The protocol's timeout, for the whole process (one server a process, as `ladder serve` runs): worker
    processes import the class by name, and each sets it too."""
    BoundedH11Protocol.request_timeout = request_timeout


def server_options(request_timeout: float) -> dict:
    """uvicorn.Config's arguments for the bounded protocol, and the logging each worker process sets up."""
    bound_requests(request_timeout)
    return {
        "http": BoundedH11Protocol,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        "timeout_keep_alive": 5,
        "log_config": log_config(),
    }


def log_config() -> dict:
    """uvicorn's logging, with ladder's lines beside it: the access log a JSON object a line (as a log shipper
    reads it), the rest with their level."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["bare"] = {"format": "%(message)s"}
    config["formatters"]["named"] = {"format": "%(levelname)s %(name)s: %(message)s"}
    config["handlers"]["access_lines"] = {
        "class": "logging.StreamHandler",
        "formatter": "bare",
        "stream": "ext://sys.stderr",
    }
    config["handlers"]["ladder"] = {
        "class": "logging.StreamHandler",
        "formatter": "named",
        "stream": "ext://sys.stderr",
    }
    config["loggers"]["ladder.access"] = {"handlers": ["access_lines"], "level": "INFO", "propagate": False}
    config["loggers"]["ladder"] = {"handlers": ["ladder"], "level": "INFO", "propagate": False}
    return config
