"""The HTTP service: `create_app(settings)` builds it; the index loads in the lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, get_args, get_origin
from urllib.parse import parse_qsl

import orjson
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from index.search import SearchFilter
from index.store import IndexLoadError
from ingest.embed import ModelError
from service.engine import Engine, UnknownFilterError, answer_dict, match_dict, prepare_engine, result_dict
from service.ops import Activity, Metrics, RequestGuard, admin_router, metrics_router
from service.schemas import (
    AskRequest,
    AskResponse,
    ErrorBody,
    Health,
    LevelsResponse,
    MatchRequest,
    MatchResponse,
    Mode,
    Ready,
    SearchParams,
    SearchRequest,
    SearchResponse,
)
from service.settings import Settings, load_settings

log = logging.getLogger("ladder")

ERRORS = {
    400: {"model": ErrorBody, "description": "Bad request"},
    413: {"model": ErrorBody, "description": "Body over 1 MB"},
    415: {"model": ErrorBody, "description": "Body is not JSON"},
    422: {"model": ErrorBody, "description": "Invalid input"},
    503: {"model": ErrorBody, "description": "The index is still loading"},
}


class Loader:
    """Loads the encoder and index off the event loop, and swaps in a new index on reload.

    `engine` is replaced by one assignment: a request holds the engine it
    started with until it finishes, so a reload never fails one in flight.
    """

    def __init__(
        self,
        settings: Settings,
        metrics: Metrics,
        on_fatal: Callable[[BaseException], None] | None = None,
        preload: Future[tuple[Engine, float]] | None = None,
    ) -> None:
        self.settings = settings
        self.metrics = metrics
        self.on_fatal = on_fatal
        self.preload = preload  # a load `ladder serve` started while the web stack was importing
        self.engine: Engine | None = None
        self.error: BaseException | None = None
        self._reloading = asyncio.Lock()
        self._solo_builders: list[threading.Thread] = []

    async def run(self) -> None:
        try:
            if self.preload is not None:
                engine = self._loaded(*await asyncio.wrap_future(self.preload))
            else:
                engine = await asyncio.to_thread(self._load)
            self._serve(engine)
            gc.freeze()  # out of the collector's way, see `reload`
            log.info("ready: %d passages", engine.index.manifest.count)
        except (IndexLoadError, ModelError, OSError) as e:
            self.error = e
            log.error("cannot serve: %s", e)
            if self.on_fatal:
                self.on_fatal(e)

    async def reload(self) -> Engine:
        """Load the index folder's current index and swap it in; on failure keep serving the old one."""
        async with self._reloading:
            try:
                engine = await asyncio.to_thread(self._load)
            except (IndexLoadError, ModelError, OSError) as e:
                self.metrics.reloads.labels("failed").inc()
                log.error("reload failed, still serving the previous index: %s", e)
                raise HTTPException(409, f"reload failed, still serving the previous index: {e}") from e
            old, self.error = self.engine, None
            self._serve(engine)
            self.metrics.reloads.labels("ok").inc()
            log.info("reloaded: %d passages built %s", engine.index.manifest.count, engine.index.manifest.built_at)
            if old is not None and old is not engine:
                old.close()  # queued encodings finish first
            old = None
            # The loaded index and the web stack are some 100,000 long-lived objects: a full
            # collection walked them all and held the GIL for 80-90 ms under load (the bench
            # machine). Frozen, collections walk only what requests create. Once the old index
            # is dropped, it is collected and the new one frozen (a reload's one pause).
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            return engine

    def _serve(self, engine: Engine) -> None:
        self.engine = engine
        manifest = engine.index.manifest
        self.metrics.passages.set(manifest.count)
        built = datetime.fromisoformat(manifest.built_at.replace("Z", "+00:00"))
        self.metrics.built.set(built.timestamp())
        if engine.solo is None:
            builder = threading.Thread(target=self._add_solo, args=(engine,), name="solo-encoder", daemon=True)
            builder.start()
            self._solo_builders = [t for t in self._solo_builders if t.is_alive()] + [builder]

    @staticmethod
    def _add_solo(engine: Engine) -> None:
        try:
            engine.add_solo_encoder()
        except Exception:  # lone queries keep the batch encoder, which serves them well enough
            log.exception("could not build the encoder for lone queries; they get the batch encoder")

    def shutdown(self) -> None:
        """Wait for the engine's threads to finish their onnxruntime calls.

        onnxruntime aborts the process ("terminate called without an active
        exception", exit code 134) if it exits while a thread of its is inside a
        call: building the solo encoder takes about 0.3 s after ready.
        """
        for builder in self._solo_builders:
            builder.join()
        if self.engine is not None:
            self.engine.close(wait=True)

    def _load(self) -> Engine:
        return self._loaded(*prepare_engine(self.settings))

    def _loaded(self, engine: Engine, seconds: float) -> Engine:
        self.metrics.load_seconds.set(seconds)
        return engine


async def get_engine(request: Request) -> Engine:  # async: a sync dependency costs a thread-pool hop
    engine = request.app.state.loader.engine
    if engine is None:
        raise HTTPException(503, "the index is still loading; retry shortly")
    return engine


EngineDep = Annotated[Engine, Depends(get_engine)]
router = APIRouter()


class FastJSON(JSONResponse):
    """orjson, and no second validation: the payload is built to the response model's shape."""

    def render(self, content: object) -> bytes:
        return orjson.dumps(content)


def elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


async def run_search(
    engine: Engine, query: str, k: int, where: SearchFilter, mode: Mode, activity: Activity
) -> FastJSON:
    started = time.perf_counter()
    try:
        async with activity.encode_here() as here:
            hits = await engine.search_async(query, k, where, mode, encode_here=here)
    except UnknownFilterError as e:
        raise HTTPException(422, str(e)) from e
    return FastJSON({"query": query, "results": [result_dict(hit) for hit in hits], "took_ms": elapsed_ms(started)})


@router.get("/search", response_model=SearchResponse, responses=ERRORS, summary="Search the guides")
async def search_get(request: Request, engine: EngineDep, params: Annotated[SearchParams, Query()]) -> FastJSON:
    return await run_search(engine, *search_args(params), request.app.state.activity)


def search_args(params: SearchParams) -> tuple[str, int, SearchFilter, Mode]:
    where = SearchFilter.of(params.level, params.section, [params.doc] if params.doc else None)
    return params.q, params.k, where, params.mode


@router.post("/search", response_model=SearchResponse, responses=ERRORS, summary="Search the guides")
async def search_post(request: Request, engine: EngineDep, body: SearchRequest) -> FastJSON:
    where = SearchFilter.of(body.levels, body.sections, [body.doc] if body.doc else None)
    return await run_search(engine, body.query, body.k, where, body.mode, request.app.state.activity)


@router.post("/ask", response_model=AskResponse, responses=ERRORS, summary="Answer a question from the guides")
async def ask(request: Request, engine: EngineDep, body: AskRequest) -> FastJSON:
    started = time.perf_counter()
    where = SearchFilter.of(docs=[body.doc] if body.doc else None)
    try:
        async with request.app.state.activity.encode_here() as here:
            found, hits = await engine.ask_async(body.question, body.k, where, encode_here=here)
    except UnknownFilterError as e:
        raise HTTPException(422, str(e)) from e
    return FastJSON(
        {
            "question": body.question,
            "answer": answer_dict(found),
            "results": [result_dict(hit) for hit in hits],
            "took_ms": elapsed_ms(started),
        }
    )


@router.post("/match", response_model=MatchResponse, responses=ERRORS, summary="Match a job description to a level")
def match(engine: EngineDep, body: MatchRequest) -> FastJSON:
    started = time.perf_counter()
    if not body.text.strip():
        raise HTTPException(422, "text: the job description is blank")
    try:
        matches = engine.match(body.text, body.k, body.doc)
    except UnknownFilterError as e:
        raise HTTPException(422, str(e)) from e
    return FastJSON({**match_dict(matches), "took_ms": elapsed_ms(started)})


@router.get("/levels", response_model=LevelsResponse, responses=ERRORS, summary="Every level of every guide")
async def levels(engine: EngineDep) -> Response:
    return Response(engine.levels_json, media_type="application/json")


@router.get("/healthz", response_model=Health, summary="The process is alive")
async def healthz() -> dict:
    return {"status": "ok"}


@router.get(
    "/readyz",
    response_model=Ready,
    responses={503: {"model": ErrorBody, "description": "Not ready"}},
    summary="The index is loaded",
)
async def readyz(request: Request) -> dict:
    loader: Loader = request.app.state.loader
    if loader.engine is None:
        reason = f"cannot load: {loader.error}" if loader.error else "loading"
        raise HTTPException(503, reason)
    manifest = loader.engine.index.manifest
    return {"status": "ready", "passages": manifest.count, "model": manifest.model, "built_at": manifest.built_at}


STATIC = Path(__file__).resolve().parent / "static"
# The page and the widget run no inline script and load nothing from elsewhere.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
# FastAPI's /docs page loads Swagger UI with an inline script; it keeps its own rules.
CSP_EXEMPT = ("/docs", "/redoc", "/openapi.json")


@router.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
def page() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


@router.api_route("/widget.js", methods=["GET", "HEAD"], include_in_schema=False)
def widget() -> FileResponse:
    return FileResponse(
        STATIC / "widget.js",
        media_type="text/javascript; charset=utf-8",
        headers={"Cross-Origin-Resource-Policy": "cross-origin", "Cache-Control": "public, max-age=300"},
    )


class SecurityHeaders:
    """Pure ASGI middleware (BaseHTTPMiddleware costs a task and a copy per request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.common = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
        self.csp = (b"content-security-policy", PAGE_CSP.encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.common if scope["path"].startswith(CSP_EXEMPT) else [*self.common, self.csp]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SearchFastPath:
    """GET /search, which a search box calls on every keystroke, without the framework's detours.

    A query string seen before is answered from the loaded engine's cache of
    responses (every user who types "roadmap" sends the same one); the cache
    belongs to the engine, so a reload starts afresh, and `took_ms` is this
    request's. Otherwise a query string that `SearchParams` accepts is
    answered here by the route's own `run_search`.
    Anything else (a 422, a 503 while loading) goes on to the FastAPI route,
    so errors read the same either way.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        engine = scope["app"].state.loader.engine if scope["type"] == "http" else None
        if engine is None or scope["method"] != "GET" or scope["path"] != "/search":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        key = scope["query_string"]
        body = engine.responses.get(key)
        if body is not None:
            head, _ = body.rsplit(b'"took_ms":', 1)
            fresh = head + b'"took_ms":' + orjson.dumps(elapsed_ms(started)) + b"}"
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(fresh)).encode())]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": fresh})
            return
        params = search_params(key)
        response = None
        if params is not None:
            with contextlib.suppress(HTTPException):  # an unknown level or doc: the route says so
                response = await run_search(engine, *search_args(params), scope["app"].state.activity)
        if response is None:
            await self.app(scope, receive, send)
            return
        engine.responses.put(key, response.body)
        await response(scope, receive, send)


def _is_list(annotation: object) -> bool:
    return get_origin(annotation) is list or any(get_origin(a) is list for a in get_args(annotation))


LIST_PARAMS = frozenset(name for name, field in SearchParams.model_fields.items() if _is_list(field.annotation))
SEARCH_FIELDS = frozenset(SearchParams.model_fields)


def search_params(query_string: bytes) -> SearchParams | None:
    """The query string as SearchParams, or None when it is not plainly valid (the route then explains).

    Read as the route reads it (Starlette's QueryParams is `parse_qsl` of the
    latin-1 text), in one pass; names SearchParams does not have are ignored.
    """
    fields: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if name in LIST_PARAMS:
            lists.setdefault(name, []).append(value)
        elif name in SEARCH_FIELDS:
            if name in fields:
                return None  # repeated: leave the choice of value to the route
            fields[name] = value
    try:
        return SearchParams.model_validate({**fields, **lists})
    except ValidationError:
        return None


def describe_validation_error(exc: RequestValidationError) -> str:
    """One readable sentence per problem: `query.k: Input should be less than or equal to 50`."""
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": describe_validation_error(exc)}, status_code=422)


# How long a thread may hold the GIL while another waits for it. The encoder threads need it for
# a moment before and after each (GIL-free) onnxruntime call; at Python's default of 5 ms, one
# such moment behind the event loop's routing and ranking made an encode 5 ms slower. At 0.5 ms
# it costs at most that (`bench/run.py`; README, "Speed").
GIL_SWITCH_INTERVAL = 0.0005


def create_app(
    settings: Settings | None = None,
    *,
    on_fatal: Callable[[BaseException], None] | None = None,
    preload: Future[tuple[Engine, float]] | None = None,
) -> FastAPI:
    settings = settings or load_settings()
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loader: Loader = app.state.loader
        task = asyncio.create_task(loader.run())
        reloads: set[asyncio.Task] = set()

        def on_sighup() -> None:
            reload = asyncio.create_task(loader.reload())
            reloads.add(reload)
            reload.add_done_callback(lambda t: (reloads.discard(t), t.exception()))

        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread (tests)
            loop.add_signal_handler(signal.SIGHUP, on_sighup)
        yield
        task.cancel()
        await asyncio.to_thread(loader.shutdown)

    app = FastAPI(
        title="ladder",
        summary="Semantic search and Q&A over career-ladder guides",
        version="0.1.0",
        lifespan=lifespan,
        # Metrics and access logs are ladder's own (service/ops.py); FastAPI's OpenTelemetry
        # bridge, with no provider configured, still looked for one on every request (8 µs).
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    app.state.metrics = metrics = Metrics()
    app.state.activity = activity = Activity()
    app.state.loader = Loader(settings, metrics, on_fatal, preload)
    app.add_exception_handler(RequestValidationError, validation_error_handler)  # type: ignore[arg-type]
    app.include_router(router)
    app.include_router(metrics_router())
    if settings.admin_token:
        app.include_router(admin_router(settings.admin_token))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SearchFastPath)
    app.add_middleware(SecurityHeaders)
    if settings.cors_origins:
        # Only the configured portal origins may call the API from a browser; none by default.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"],
            max_age=600,
        )
    app.add_middleware(RequestGuard, metrics=metrics, activity=activity)  # outermost: sees every response
    return app
