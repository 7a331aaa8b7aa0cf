"""The HTTP service: `create_app(settings)` builds it; the index loads in the lifespan."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from index.search import SearchFilter
from index.store import IndexLoadError
from ingest.embed import ModelError
from service.engine import Engine, UnknownFilterError, answer_dict, load_engine, match_dict, result_dict
from service.schemas import (
    MAX_K,
    MAX_QUERY,
    AskRequest,
    AskResponse,
    ErrorBody,
    Health,
    LevelsResponse,
    MatchRequest,
    MatchResponse,
    Mode,
    Ready,
    SearchRequest,
    SearchResponse,
    Section,
)
from service.settings import Settings, load_settings

log = logging.getLogger("ladder")

ERRORS = {
    400: {"model": ErrorBody, "description": "Bad request"},
    422: {"model": ErrorBody, "description": "Invalid input"},
    503: {"model": ErrorBody, "description": "The index is still loading"},
}


class Loader:
    """Loads the encoder and index off the event loop; /readyz says when it is done."""

    def __init__(self, settings: Settings, on_fatal: Callable[[BaseException], None] | None = None) -> None:
        self.settings = settings
        self.on_fatal = on_fatal
        self.engine: Engine | None = None
        self.error: BaseException | None = None

    async def run(self) -> None:
        try:
            self.engine = await asyncio.to_thread(self._load)
            log.info("ready: %d passages", self.engine.index.manifest.count)
        except (IndexLoadError, ModelError, OSError) as e:
            self.error = e
            log.error("cannot serve: %s", e)
            if self.on_fatal:
                self.on_fatal(e)

    def _load(self) -> Engine:
        engine = load_engine(self.settings)
        engine.encoder.encode(["warm up"])  # the first call builds kernels; keep it off a user's request
        return engine


def get_engine(request: Request) -> Engine:
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


def run_search(engine: Engine, query: str, k: int, where: SearchFilter, mode: Mode) -> FastJSON:
    started = time.perf_counter()
    try:
        hits = engine.search(query, k, where, mode)
    except UnknownFilterError as e:
        raise HTTPException(422, str(e)) from e
    return FastJSON({"query": query, "results": [result_dict(hit) for hit in hits], "took_ms": elapsed_ms(started)})


@router.get("/search", response_model=SearchResponse, responses=ERRORS, summary="Search the guides")
def search_get(
    engine: EngineDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="the question or search words")],
    k: Annotated[int, Query(ge=1, le=MAX_K)] = 5,
    level: Annotated[list[int] | None, Query(max_length=50, description="keep to these level numbers")] = None,
    section: Annotated[list[Section] | None, Query(max_length=5)] = None,
    doc: Annotated[str | None, Query(min_length=1, max_length=255, description="keep to one guide")] = None,
    mode: Annotated[Mode, Query(description="hybrid (default), dense or keyword")] = "hybrid",
) -> FastJSON:
    where = SearchFilter.of(level, section, [doc] if doc else None)
    return run_search(engine, q, k, where, mode)


@router.post("/search", response_model=SearchResponse, responses=ERRORS, summary="Search the guides")
def search_post(engine: EngineDep, body: SearchRequest) -> FastJSON:
    where = SearchFilter.of(body.levels, body.sections, [body.doc] if body.doc else None)
    return run_search(engine, body.query, body.k, where, body.mode)


@router.post("/ask", response_model=AskResponse, responses=ERRORS, summary="Answer a question from the guides")
def ask(engine: EngineDep, body: AskRequest) -> FastJSON:
    started = time.perf_counter()
    try:
        found, hits = engine.ask(body.question, body.k, SearchFilter.of(docs=[body.doc] if body.doc else None))
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
def levels(engine: EngineDep) -> Response:
    return Response(engine.levels_json, media_type="application/json")


@router.get("/healthz", response_model=Health, summary="The process is alive")
def healthz() -> dict:
    return {"status": "ok"}


@router.get(
    "/readyz",
    response_model=Ready,
    responses={503: {"model": ErrorBody, "description": "Not ready"}},
    summary="The index is loaded",
)
def readyz(request: Request) -> dict:
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


async def security_headers(request: Request, call_next: Callable) -> Response:
    response = await call_next(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if not request.url.path.startswith(CSP_EXEMPT):
        response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
    return response


def describe_validation_error(exc: RequestValidationError) -> str:
    """One readable sentence per problem: `query.k: Input should be less than or equal to 50`."""
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": describe_validation_error(exc)}, status_code=422)


def create_app(settings: Settings | None = None, *, on_fatal: Callable[[BaseException], None] | None = None) -> FastAPI:
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(app.state.loader.run())
        yield
        task.cancel()

    app = FastAPI(
        title="ladder",
        summary="Semantic search and Q&A over career-ladder guides",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.loader = Loader(settings, on_fatal)
    app.add_exception_handler(RequestValidationError, validation_error_handler)  # type: ignore[arg-type]
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.middleware("http")(security_headers)
    if settings.cors_origins:
        # Only the configured portal origins may call the API from a browser; none by default.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"],
            max_age=600,
        )
    return app
