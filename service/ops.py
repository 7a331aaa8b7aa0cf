"""Operations: request limits, request ids and access logs, Prometheus metrics, admin reload."""

from __future__ import annotations

import hmac
import json
import logging
import re
import time
import uuid

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
