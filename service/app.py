"""The HTTP service: `create_app(settings)` builds it; the index loads in the lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, ClassVar

import fastapi_swagger
import orjson
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.encoder import ModelError
from core.model import Mode, Section
from index.compare import LadderError
from index.growth import UnplacedTextError
from index.search import SearchFilter
from index.store import IndexLoadError
from service.engine import (
    AmbiguousLevelError,
    Engine,
    UnknownFilterError,
    ask_dict,
    match_dict,
    prepare_engine,
    result_dicts,
)
from service.ops import HeavyWork, Metrics, RequestGuard, admin_router, metrics_router
from service.schemas import (
    MAX_K,
    MAX_QUERY,
    AskRequest,
    AskResponse,
    CompareResponse,
    ErrorBody,
    GrowthRequest,
    GrowthResponse,
    Health,
    LevelsResponse,
    MatchRequest,
    MatchResponse,
    NextResponse,
    Readable,
    Ready,
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
# The routes that run on the bounded heavy-work threads say 503 when those are busy, too.
HEAVY_ERRORS = {**ERRORS, 503: {"model": ErrorBody, "description": "Loading, or too many requests at once"}}
EngineLoad = Callable[[Settings, Engine | None], tuple[Engine, float]]


def describe_failure(error: BaseException) -> str:
    """A load's failure in one line: our own errors say it themselves, anything else is named."""
    if isinstance(error, IndexLoadError | ModelError | OSError):
        return str(error)
    return f"{type(error).__name__}: {error}"


class Loader:
    """Loads the index off the event loop, and swaps in a new one on reload.

    `engine` is replaced by one assignment: a request holds the engine it
    started with until it finishes, so a reload never fails one in flight.
    """

    def __init__(
        self,
        settings: Settings,
        metrics: Metrics,
        load: EngineLoad = prepare_engine,
        on_fatal: Callable[[BaseException], None] | None = None,
        on_swap: Callable[[], None] | None = None,
        preload: Future[tuple[Engine, float]] | None = None,
    ) -> None:
        self.settings = settings
        self.metrics = metrics
        self.load = load
        self.on_fatal = on_fatal
        self.on_swap = on_swap  # process tuning after an index is swapped in (`ladder serve`)
        self.preload = preload  # a load `ladder serve` started while the web stack was importing
        self.engine: Engine | None = None
        self.error: BaseException | None = None
        self._reloading = asyncio.Lock()

    async def run(self) -> None:
        try:
            if self.preload is not None:
                engine, seconds = await asyncio.wrap_future(self.preload)
            else:
                engine, seconds = await asyncio.to_thread(self.load, self.settings, None)
        except Exception as e:  # a refusal, whatever raised it: `ladder serve` exits rather than hang
            self.error = e
            log.error("cannot serve: %s", describe_failure(e))
            if self.on_fatal:
                self.on_fatal(e)
            return
        self._serve(engine, seconds)
        log.info("ready: %d passages", engine.index.manifest.count)

    async def reload(self) -> Engine:
        """Load the index folder's current index and swap it in; on failure keep serving the old one."""
        async with self._reloading:
            try:
                engine, seconds = await asyncio.to_thread(self.load, self.settings, self.engine)
            except Exception as e:  # nothing is swapped in unless it loaded whole
                self.metrics.reloads.labels("failed").inc()
                why = describe_failure(e)
                log.error("reload failed, still serving the previous index: %s", why)
                raise HTTPException(409, f"reload failed, still serving the previous index: {why}") from e
            old = self.engine
            self._serve(engine, seconds)
            self.metrics.reloads.labels("ok").inc()
            log.info("reloaded: %d passages built %s", engine.index.manifest.count, engine.index.manifest.built_at)
            if old is not None and old.queries is not engine.queries:
                old.queries.close()  # its queued queries are encoded first
            return engine

    def _serve(self, engine: Engine, seconds: float) -> None:
        self.engine, self.error = engine, None
        manifest = engine.index.manifest
        self.metrics.load_seconds.set(seconds)
        self.metrics.passages.set(manifest.count)
        self.metrics.built.set(datetime.fromisoformat(manifest.built_at.replace("Z", "+00:00")).timestamp())
        if self.on_swap:
            self.on_swap()

    def shutdown(self) -> None:
        """Let the encoder's threads finish (onnxruntime aborts a process that exits inside a call)."""
        if self.engine is not None:
            self.engine.queries.close(wait=True)


async def get_engine(request: Request) -> Engine:  # async: a sync dependency costs a thread-pool hop
    engine = request.app.state.loader.engine
    if engine is None:
        raise HTTPException(503, "the index is still loading; retry shortly")
    return engine


async def json_only(request: Request) -> None:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise HTTPException(415, "send the body as JSON with Content-Type: application/json")


EngineDep = Annotated[Engine, Depends(get_engine)]
JSON_BODY = [Depends(json_only)]
router = APIRouter()


class FastJSON(JSONResponse):
    """orjson, and no second validation: the payload is built to the response model's shape."""

    def render(self, content: object) -> bytes:
        return orjson.dumps(content)


def elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


async def run_search(engine: Engine, query: str, k: int, where: SearchFilter, mode: Mode) -> FastJSON:
    started = time.perf_counter()
    try:
        hits = await engine.search_async(query, k, where, mode)
    except UnknownFilterError as e:
        raise HTTPException(422, str(e)) from e
    return FastJSON({"query": query, "results": result_dicts(hits, engine.index), "took_ms": elapsed_ms(started)})


@router.get("/search", response_model=SearchResponse, responses=ERRORS, summary="Search the guides")
async def search_get(
    engine: EngineDep,
    q: Annotated[Readable, Query(min_length=1, max_length=MAX_QUERY, description="the question or search words")],
    k: Annotated[int, Query(ge=1, le=MAX_K)] = 5,
    level: Annotated[
        list[str] | None,
        Query(max_length=50, description="keep to these levels: numbers, or names (short name, title or alias)"),
    ] = None,
    section: Annotated[list[Section] | None, Query(max_length=len(Section))] = None,
    doc: Annotated[str | None, Query(min_length=1, max_length=255, description="keep to one guide")] = None,
    category: Annotated[
        list[str] | None, Query(max_length=20, description="keep to the ladder's own groupings")
    ] = None,
    mode: Annotated[Mode, Query(description="hybrid (default), dense or keyword")] = Mode.HYBRID,
) -> FastJSON:
    where = SearchFilter.of(level, section, [doc] if doc else None, category)
    return await run_search(engine, q, k, where, mode)


@router.post(
    "/search", response_model=SearchResponse, responses=ERRORS, summary="Search the guides", dependencies=JSON_BODY
)
async def search_post(engine: EngineDep, body: SearchRequest) -> FastJSON:
    where = SearchFilter.of(body.levels, body.sections, [body.doc] if body.doc else None, body.categories)
    return await run_search(engine, body.query, body.k, where, body.mode)


@router.post(
    "/ask",
    response_model=AskResponse,
    responses=ERRORS,
    summary="Answer a question from the guides",
    dependencies=JSON_BODY,
)
async def ask(engine: EngineDep, body: AskRequest) -> FastJSON:
    started = time.perf_counter()
    where = SearchFilter.of(docs=[body.doc] if body.doc else None)
    try:
        decision, hits = await engine.ask_async(body.question, body.k, where)
    except UnknownFilterError as e:
        raise HTTPException(422, str(e)) from e
    return FastJSON({**ask_dict(body.question, decision, hits, engine.index), "took_ms": elapsed_ms(started)})


@router.post(
    "/match",
    response_model=MatchResponse,
    responses=HEAVY_ERRORS,
    summary="Match a job description to a level",
    dependencies=JSON_BODY,
)
async def match(request: Request, engine: EngineDep, body: MatchRequest) -> FastJSON:
    started = time.perf_counter()
    try:
        engine.check_filter(SearchFilter.of(docs=[body.doc] if body.doc else None))
    except UnknownFilterError as e:
        raise HTTPException(422, str(e)) from e
    matches = await request.app.state.heavy.run(engine.match, body.text, body.k, body.doc)
    return FastJSON({**match_dict(matches), "took_ms": elapsed_ms(started)})


@router.get(
    "/compare",
    response_model=CompareResponse,
    responses=HEAVY_ERRORS,
    summary="Map one ladder onto another",
)
async def compare(
    request: Request,
    engine: EngineDep,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=255, description="the ladder to map")],
    to: Annotated[str, Query(min_length=1, max_length=255, description="the ladder to map it onto")],
    level: Annotated[
        str | None, Query(min_length=1, max_length=100, description="one level of `from`: number or name")
    ] = None,
) -> FastJSON:
    started = time.perf_counter()
    try:
        body = await request.app.state.heavy.run(engine.compare, source, to, level)
    except (UnknownFilterError, LadderError) as e:
        raise HTTPException(422, str(e)) from e
    return FastJSON({**body, "took_ms": elapsed_ms(started)})


@router.get(
    "/levels/{doc}/{level:path}/next",  # a title may hold a slash ("Group Product Manager / Director of Product")
    response_model=NextResponse,
    responses={**ERRORS, 404: {"model": ErrorBody, "description": "No such guide or level"}},
    summary="What changes from a level to the next",
)
async def next_level(engine: EngineDep, doc: str, level: str) -> FastJSON:
    started = time.perf_counter()
    try:
        body = engine.next_level(doc, level)
    except (AmbiguousLevelError, LadderError) as e:
        raise HTTPException(422, str(e)) from e
    except UnknownFilterError as e:
        raise HTTPException(404, str(e)) from e
    return FastJSON({**body, "took_ms": elapsed_ms(started)})


@router.post(
    "/growth",
    response_model=GrowthResponse,
    responses=HEAVY_ERRORS,
    summary="What the next level asks that a description of my work does not show",
    dependencies=JSON_BODY,
)
async def growth(request: Request, engine: EngineDep, body: GrowthRequest) -> FastJSON:
    started = time.perf_counter()
    try:
        if body.doc is not None:
            engine.check_filter(SearchFilter.of(docs=[body.doc]))
        result = await request.app.state.heavy.run(engine.grow, body.text, body.doc, body.k)
    except (UnknownFilterError, LadderError, UnplacedTextError) as e:
        raise HTTPException(422, str(e)) from e
    except ModelError as e:  # an index exported by an older ladder: the admin must ingest again
        raise HTTPException(503, str(e)) from e
    return FastJSON({**result, "took_ms": elapsed_ms(started)})


@router.get("/levels", response_model=LevelsResponse, responses=ERRORS, summary="Every level of every guide")
async def levels(
    engine: EngineDep, doc: Annotated[str | None, Query(min_length=1, max_length=255, description="one guide")] = None
) -> Response:
    if doc is None:
        return Response(engine.levels_json, media_type="application/json")
    try:
        engine.check_filter(SearchFilter.of(docs=[doc]))
    except UnknownFilterError as e:
        raise HTTPException(422, str(e)) from e
    return FastJSON(engine.levels_payload(doc))


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
        reason = f"cannot load: {describe_failure(loader.error)}" if loader.error else "loading"
        raise HTTPException(503, reason)
    manifest = loader.engine.index.manifest
    return {"status": "ready", "passages": manifest.count, "model": manifest.model, "built_at": manifest.built_at}


STATIC = Path(__file__).resolve().parent / "static"
# The page and the widget run no inline script and load nothing from elsewhere.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
# Swagger UI sets style attributes as it renders; its page may, no other does.
DOCS_CSP = PAGE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class Assets:
    """The page, the widget and their static files, read once and served from memory."""

    TYPES: ClassVar[dict[str, str]] = {
        ".html": "text/html",
        ".js": "text/javascript",
        ".css": "text/css",
        ".png": "image/png",
    }

    def __init__(self, folder: Path, names: tuple[str, ...] | None = None) -> None:
        self.files = {
            path.name: path.read_bytes()
            for path in folder.iterdir()
            if path.suffix in self.TYPES and (names is None or path.name in names)
        }

    def response(self, name: str, headers: dict[str, str] | None = None) -> Response:
        body = self.files.get(name)
        if body is None:
            raise HTTPException(404, "Not Found")
        media_type = self.TYPES[Path(name).suffix]
        if media_type.startswith("text/"):
            media_type += "; charset=utf-8"
        return Response(body, media_type=media_type, headers=headers)


ASSETS = Assets(STATIC)
# Swagger UI's own files, from a wheel: /docs works with no CDN in reach.
SWAGGER = Assets(Path(fastapi_swagger.__file__).parent / "resources", ("swagger-ui-bundle.js", "swagger-ui.css"))


@router.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
async def page() -> Response:
    return ASSETS.response("index.html")


@router.api_route("/widget.js", methods=["GET", "HEAD"], include_in_schema=False)
async def widget() -> Response:
    headers = {"Cross-Origin-Resource-Policy": "cross-origin", "Cache-Control": "public, max-age=300"}
    return ASSETS.response("widget.js", headers)


@router.api_route("/static/{name}", methods=["GET", "HEAD"], include_in_schema=False)
async def static(name: str) -> Response:
    return ASSETS.response(name, {"Cache-Control": "public, max-age=300"})


@router.api_route("/docs", methods=["GET", "HEAD"], include_in_schema=False)
async def docs() -> Response:
    return ASSETS.response("docs.html")


@router.api_route("/docs/{name}", methods=["GET", "HEAD"], include_in_schema=False)
async def docs_assets(name: str) -> Response:
    return SWAGGER.response(name, {"Cache-Control": "public, max-age=3600"})


class SecurityHeaders:
    """Pure ASGI middleware (BaseHTTPMiddleware costs a task and a copy per request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.common = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
        self.page = [*self.common, (b"content-security-policy", PAGE_CSP.encode())]
        self.docs = [*self.common, (b"content-security-policy", DOCS_CSP.encode())]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.docs if scope["path"] == "/docs" else self.page

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def describe_validation_error(exc: RequestValidationError) -> str:
    """One readable sentence per problem: `query.k: Input should be less than or equal to 50`."""
    parts = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":  # loc is the character it stopped at, not a field
            parts.append(f"body: not valid JSON (it stops making sense at character {err['loc'][-1] + 1})")
            continue
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        msg = err.get("msg", "invalid")
        if err.get("type") == "too_long" and isinstance(err.get("input"), str):  # not "items after validation"
            msg = f"String should have at most {err['ctx']['max_length']} characters"
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts) or "invalid request"


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": describe_validation_error(exc)}, status_code=422)


UNREADABLE_BODY = "There was an error parsing the body"  # FastAPI's words for a body json.loads gave up on


def unreadable(cause: BaseException | None) -> str:
    """Why a body is not JSON text the service reads, in the sender's terms, not the parser's."""
    if isinstance(cause, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(cause, RecursionError):
        return "JSON nested too deeply"
    if isinstance(cause, ValueError) and "digits" in str(cause):
        return "a number too long to read"
    return "not JSON text it can read"


async def http_error_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Every HTTP error as JSON `detail`; a body that is not JSON text (not UTF-8, nested past the parser's
    depth, a number too long to read) is invalid input like any other: 422."""
    if exc.status_code == 400 and exc.detail == UNREADABLE_BODY:
        return JSONResponse({"detail": f"body: {unreadable(exc.__cause__)}"}, status_code=422)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def create_app(
    settings: Settings | None = None,
    *,
    load: EngineLoad = prepare_engine,
    on_fatal: Callable[[BaseException], None] | None = None,
    on_swap: Callable[[], None] | None = None,
    preload: Future[tuple[Engine, float]] | None = None,
) -> FastAPI:
    """The app; `load` builds an engine from the settings (tests give a fake encoder's)."""
    settings = settings or load_settings()

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
        docs_url=None,  # ladder serves /docs itself, with Swagger UI's files from its own package
        redoc_url=None,
        # Metrics and access logs are ladder's own (service/ops.py).
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    app.state.metrics = metrics = Metrics()
    app.state.loader = Loader(settings, metrics, load, on_fatal, on_swap, preload)
    workers = settings.match_workers or max(1, len(os.sched_getaffinity(0)) - 1)  # a core left for searches
    app.state.heavy = HeavyWork(workers, waiting=4 * workers)
    app.add_exception_handler(RequestValidationError, validation_error_handler)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error_handler)  # type: ignore[arg-type]
    app.include_router(router)
    app.include_router(metrics_router())
    if settings.admin_token:
        app.include_router(admin_router(settings.admin_token))
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
    app.add_middleware(RequestGuard, metrics=metrics)  # outermost: sees every response
    return app
