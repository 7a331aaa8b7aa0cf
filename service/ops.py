"""Operations: request limits, request ids and access logs, Prometheus metrics, admin reload."""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import hmac
import json
import logging
import re
import sys
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import orjson
from fastapi import APIRouter, Header, HTTPException, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("ladder.access")
MAX_BODY = 1024 * 1024
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class Metrics:
    """One registry per app, so that several apps (tests) never collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "ladder_requests",
            "HTTP requests by route and status",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "ladder_request_seconds",
            "HTTP request latency by route",
            ["route"],
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
            registry=self.registry,
        )
        self.in_flight = Gauge("ladder_requests_in_flight", "HTTP requests being served", registry=self.registry)
        self.passages = Gauge("ladder_index_passages", "Passages in the index being served", registry=self.registry)
        self.built = Gauge(
            "ladder_index_built_timestamp_seconds", "When the served index was built", registry=self.registry
        )
        self.load_seconds = Gauge(
            "ladder_index_load_seconds", "Seconds the last load of model and index took", registry=self.registry
        )
        self.reloads = Counter("ladder_reloads", "Index reloads by result", ["result"], registry=self.registry)
        # Each request's series, looked up once: `labels()` takes a lock and checks its arguments.
        self._series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        """Count one request and its latency."""
        series = self._series.get((route, method, status))
        if series is None:
            series = self._series[route, method, status] = (
                self.requests.labels(route, method, str(status)),
                self.latency.labels(route),
            )
        series[0].inc()
        series[1].observe(seconds)


def route_label(scope: Scope) -> str:
    """The matched route's path: a bounded set of labels, so unknown paths make no new time series."""
    return getattr(scope.get("route"), "path", None) or "other"


def json_error(status: int, detail: str, headers: list[tuple[bytes, bytes]] | None = None) -> tuple[dict, dict]:
    body = json.dumps({"detail": detail}).encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        + (headers or []),
    }
    return start, {"type": "http.response.body", "body": body}


class RequestGuard:
    """Request ids, access logs and metrics for every request, and the body size limit.

    Pure ASGI, outermost: it sees every response, including those of the other middleware.
    """

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope["headers"])
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        status = 500
        self.metrics.in_flight.inc()

        async def send_tagged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, limited(receive, headers.get(b"content-length")), send_tagged)
        except BodyTooLargeError as e:  # raised where no route handles it (FastAPI's routes answer it themselves)
            for message in json_error(e.status_code, e.detail):
                await send_tagged(message)
        finally:
            self.metrics.in_flight.dec()
            elapsed = time.perf_counter() - started
            self.metrics.observe(route_label(scope), scope["method"], status, elapsed)
            access_log.log(
                logging.WARNING if status >= 500 else logging.INFO,  # a 503 under load shows at WARNING
                orjson.dumps(
                    {
                        "event": "request",
                        "request_id": request_id,
                        "method": scope["method"],
                        "path": scope["path"],
                        "status": status,
                        "ms": round(elapsed * 1000, 3),
                        "client": (scope.get("client") or ("-",))[0],
                    }
                ).decode(),
            )


T = TypeVar("T")


class BusyError(HTTPException):
    def __init__(self, retry_after: int) -> None:
        super().__init__(
            503, "too many requests of this kind at once; retry shortly", headers={"Retry-After": str(retry_after)}
        )


class HeavyWork:
    """CPU-heavy requests (/match) on a few threads of their own, at most `waiting` more queued behind them.

    Searches, the page and static files never wait behind them; a request that
    finds the queue full is refused at once (503 with Retry-After), and the
    memory a request took is handed back to the system when it is done.
    """

    def __init__(self, workers: int, waiting: int) -> None:
        self.executor = ThreadPoolExecutor(workers, thread_name_prefix="heavy")
        self.capacity = workers + waiting
        self.active = 0  # changed on the event loop's thread only
        libc = ctypes.util.find_library("c") if sys.platform.startswith("linux") else None
        self._trim = ctypes.CDLL(libc).malloc_trim if libc else None

    async def run(self, work: Callable[..., T], *args: object) -> T:
        if self.active >= self.capacity:
            raise BusyError(retry_after=2)
        self.active += 1
        try:
            return await asyncio.wrap_future(self.executor.submit(self._done_with, work, *args))
        finally:
            self.active -= 1

    def _done_with(self, work: Callable[..., T], *args: object) -> T:
        try:
            return work(*args)
        finally:
            if self._trim is not None:
                self._trim(0)


class BodyTooLargeError(HTTPException):
    def __init__(self) -> None:
        super().__init__(413, f"request body over {MAX_BODY} bytes")


def limited(receive: Receive, declared: bytes | None) -> Receive:
    """`receive` that refuses a body over MAX_BODY: at once when its declared length is, else when it grows so."""
    seen = 0

    async def receive_limited() -> Message:
        nonlocal seen
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
            raise BodyTooLargeError
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > MAX_BODY:
                raise BodyTooLargeError
        return message

    return receive_limited


def metrics_router() -> APIRouter:
    router = APIRouter()

    @router.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return router


class Refusals:
    """Failed admin attempts per client: after `limit` in `window` seconds, the client waits out the window."""

    def __init__(self, limit: int = 5, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self.failures: dict[str, list[float]] = {}

    def wait(self, client: str) -> float:
        """Seconds this client must wait before trying again (0 when it may)."""
        now = self.clock()
        recent = [t for t in self.failures.get(client, []) if now - t < self.window]
        self.failures[client] = recent
        return self.window - (now - recent[0]) if len(recent) >= self.limit else 0.0

    def failed(self, client: str) -> None:
        self.failures.setdefault(client, []).append(self.clock())
        if len(self.failures) > 10_000:  # many clients: forget the oldest
            self.failures.pop(next(iter(self.failures)))


def admin_router(token: str, refusals: Refusals | None = None) -> APIRouter:
    """POST /admin/reload, present only when LADDER_ADMIN_TOKEN is set."""
    router = APIRouter(prefix="/admin")
    expected = token.encode()
    refusals = refusals or Refusals()

    @router.post(
        "/reload",
        summary="Swap in the index folder's current index",
        responses={
            401: {"description": "No token"},
            403: {"description": "Wrong token"},
            409: {"description": "The new index cannot be loaded; the old one keeps serving"},
            429: {"description": "Too many wrong tokens from this client; retry after the Retry-After seconds"},
        },
    )
    async def reload(request: Request, authorization: str | None = Header(None)) -> dict:
        client = request.client.host if request.client else "-"
        wait = refusals.wait(client)
        if wait:
            raise HTTPException(
                429, "too many failed attempts; wait and retry", headers={"Retry-After": str(int(wait) + 1)}
            )
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not given:
            refusals.failed(client)
            access_log.warning(orjson.dumps({"event": "admin", "refused": "no token", "client": client}).decode())
            raise HTTPException(401, "admin token required", headers={"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.encode(), expected):  # constant time: no timing oracle
            refusals.failed(client)
            access_log.warning(orjson.dumps({"event": "admin", "refused": "wrong token", "client": client}).decode())
            raise HTTPException(403, "wrong admin token")
        engine = await request.app.state.loader.reload()
        manifest = engine.index.manifest
        return {"status": "reloaded", "passages": manifest.count, "built_at": manifest.built_at}

    return router
