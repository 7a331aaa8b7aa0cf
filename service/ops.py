"""Operations: request limits, request ids and access logs, Prometheus metrics, admin reload."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import math
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable

import orjson
from fastapi import APIRouter, Header, HTTPException, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("ladder.access")
MAX_BODY = 1024 * 1024
ROUTES = {"/search", "/ask", "/match", "/levels", "/healthz", "/readyz", "/metrics", "/admin/reload", "/", "/widget.js"}
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


class Activity:
    """Requests in flight, and whether the service is quiet: one request at a time, for a while.

    A quiet service encodes a search's query on the event loop's own thread,
    with onnxruntime on every core (`Engine.solo`). Handing a lone query to an
    encoder thread costs two wake-ups across cores (about 0.1-0.2 ms each on
    the bench machine) and leaves the other cores idle. But the loop cannot
    read requests while it encodes, so as soon as two requests overlap the
    service is busy for `busy_seconds` and queries go to the encoder threads,
    batched, on every core.
    """

    def __init__(self, busy_seconds: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.in_flight = 0
        self.busy_seconds = busy_seconds
        self.clock = clock
        self._busy_until = -math.inf

    def quiet(self) -> bool:
        """Whether the request asking is the only one in flight, and none overlapped lately."""
        now = self.clock()
        if self.in_flight > 1:
            self._busy_until = now + self.busy_seconds
        return now >= self._busy_until

    @contextlib.asynccontextmanager
    async def encode_here(self) -> AsyncIterator[bool]:
        """Whether this request's query may be encoded on the event loop's thread (the service is quiet).

        If it was, two turns of the loop follow before the response: requests that
        arrived while the loop was encoding start now, count as in flight, and
        make the service busy.
        """
        here = self.quiet()
        yield here
        if here:
            await asyncio.sleep(0)  # the loop reads the waiting requests and creates their tasks
            await asyncio.sleep(0)  # their tasks run up to their first wait: they are in flight
            self.quiet()


def route_label(path: str) -> str:
    """A bounded set of labels: unknown paths must not create new time series."""
    if path in ROUTES:
        return path
    return "/static" if path.startswith("/static/") else "other"


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
    """Request ids, access logs and metrics for every request; body size and content type for POSTs.

    Pure ASGI, outermost: it sees every response, including those of the other
    middleware and those it refuses itself (413, 415).
    """

    def __init__(self, app: ASGIApp, metrics: Metrics, activity: Activity) -> None:
        self.app = app
        self.metrics = metrics
        self.activity = activity

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope["headers"])
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        status = 500
        self.activity.in_flight += 1

        async def send_tagged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            refusal = self._refuse(scope, headers)
            if refusal:
                for message in json_error(*refusal):
                    await send_tagged(message)
                return
            await self.app(scope, self._limited(receive), send_tagged)
        except BodyTooLargeError:
            for message in json_error(413, f"request body over {MAX_BODY} bytes"):
                await send_tagged(message)
        finally:
            self.activity.in_flight -= 1
            elapsed = time.perf_counter() - started
            route = route_label(scope["path"])
            self.metrics.observe(route, scope["method"], status, elapsed)
            access_log.info(
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
                ).decode()
            )

    @staticmethod
    def _refuse(scope: Scope, headers: dict[bytes, bytes]) -> tuple[int, str] | None:
        length = headers.get(b"content-length")
        if length is not None:
            if not length.isdigit():
                return 400, "content-length is not a number"
            if int(length) > MAX_BODY:
                return 413, f"request body over {MAX_BODY} bytes"
        if scope["method"] == "POST" and route_label(scope["path"]) in {"/search", "/ask", "/match"}:
            media_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
            if media_type != b"application/json" and not media_type.endswith(b"+json"):
                return 415, "send the body as JSON with Content-Type: application/json"
        return None

    @staticmethod
    def _limited(receive: Receive) -> Receive:
        seen = 0

        async def receive_limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > MAX_BODY:
                    raise BodyTooLargeError
            return message

        return receive_limited


class BodyTooLargeError(Exception):
    pass


def metrics_router() -> APIRouter:
    router = APIRouter()

    @router.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return router


def admin_router(token: str) -> APIRouter:
    """POST /admin/reload, present only when LADDER_ADMIN_TOKEN is set."""
    router = APIRouter(prefix="/admin")
    expected = token.encode()

    @router.post(
        "/reload",
        summary="Swap in the index folder's current index",
        responses={401: {"description": "No token"}, 403: {"description": "Wrong token"}},
    )
    async def reload(request: Request, authorization: str | None = Header(None)) -> dict:
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise HTTPException(401, "admin token required", headers={"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.encode(), expected):  # constant time: no timing oracle
            raise HTTPException(403, "wrong admin token")
        engine = await request.app.state.loader.reload()
        manifest = engine.index.manifest
        return {"status": "reloaded", "passages": manifest.count, "built_at": manifest.built_at}

    return router
