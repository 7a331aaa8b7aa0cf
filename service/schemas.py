"""The HTTP API's request and response shapes (they are the OpenAPI schema)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Section = Literal["intro", "overview", "role", "responsibility", "skills"]
Mode = Literal["hybrid", "dense", "keyword"]
MAX_QUERY = 1000
MAX_K = 50


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ErrorBody(BaseModel):
    detail: str = Field(description="what was wrong with the request")


class LevelRef(BaseModel):
    number: int
    title: str
    short: str
    doc: str


class SourceRef(BaseModel):
    doc: str
    start: int = Field(description="character offset of the text in the guide file")
    end: int


class Result(BaseModel):
    id: str
    rank: int
    score: float
    level: LevelRef | None
    section: Section
    heading: str | None
    text: str
    highlight: str = Field(description="the text, HTML-escaped, with the best-matching part in <mark></mark>")
    source: SourceRef


class SearchRequest(Strict):
    query: str = Field(min_length=1, max_length=MAX_QUERY)
    k: int = Field(5, ge=1, le=MAX_K)
    levels: list[int] = Field(default_factory=list, max_length=50)
    sections: list[Section] = Field(default_factory=list, max_length=5)
    doc: str | None = Field(None, min_length=1, max_length=255)
    mode: Mode = Field("hybrid", description="hybrid (default), dense (embeddings only) or keyword (BM25 only)")


class SearchParams(BaseModel):
    """GET /search's query string: the route and the fast path (service.app.SearchFastPath) both read it so."""

    q: str = Field(min_length=1, max_length=MAX_QUERY, description="the question or search words")
    k: int = Field(5, ge=1, le=MAX_K)
    level: list[int] | None = Field(None, max_length=50, description="keep to these level numbers")
    section: list[Section] | None = Field(None, max_length=5)
    doc: str | None = Field(None, min_length=1, max_length=255, description="keep to one guide")
    mode: Mode = Field("hybrid", description="hybrid (default), dense or keyword")


class SearchResponse(BaseModel):
    query: str
    results: list[Result]
    took_ms: float


class AskRequest(Strict):
    question: str = Field(min_length=1, max_length=MAX_QUERY)
    k: int = Field(3, ge=1, le=MAX_K, description="supporting results to return")
    doc: str | None = Field(None, min_length=1, max_length=255)


class AnswerBody(BaseModel):
    text: str = Field(description="the sentence of the guide that answers the question")
    level: LevelRef | None
    passage_id: str
    confidence: float = Field(ge=0, le=1, description="how likely the guides answer the question")


class AskResponse(BaseModel):
    question: str
    answer: AnswerBody | None = Field(description="null when nothing in the guides answers the question")
    results: list[Result]
    took_ms: float


MAX_POSTING = 20_000


class MatchRequest(Strict):
    text: str = Field(min_length=1, max_length=MAX_POSTING, description="a job description")
    k: int = Field(3, ge=0, le=10, description="evidence passages per level")
    doc: str | None = Field(None, min_length=1, max_length=255, description="the guide to match against")


class PostingSpan(BaseModel):
    text: str = Field(description="the sentence of the posting that matched the passage")
    start: int = Field(description="character offset in the posting")
    end: int


class EvidenceResult(Result):
    matched: PostingSpan


class LevelScore(BaseModel):
    level: LevelRef
    score: float
    confidence: float = Field(ge=0, le=1, description="calibrated probability that this is the posting's level")


class LevelMatchBody(LevelScore):
    evidence: list[EvidenceResult]


class MatchResponse(BaseModel):
    best: LevelScore
    levels: list[LevelMatchBody] = Field(description="every level of the guide, best first; confidences sum to 1")
    took_ms: float


class Responsibility(BaseModel):
    heading: str
    text: str


class LevelInfo(BaseModel):
    number: int
    title: str
    short: str
    doc: str
    aliases: list[str]
    overview: str
    role: str | None
    responsibilities: list[Responsibility]
    skills: str | None


class LevelsResponse(BaseModel):
    levels: list[LevelInfo]


class Health(BaseModel):
    status: Literal["ok"]


class Ready(BaseModel):
    status: Literal["ready"]
    passages: int
    model: str
    built_at: str
