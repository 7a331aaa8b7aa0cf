"""The HTTP API's request and response shapes (they are the OpenAPI schema)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from core.model import Level, Mode, Section

# A name in a JSON body is a string; strict models would refuse it for an enum.
SectionName = Annotated[Section, Field(strict=False)]
ModeName = Annotated[Mode, Field(strict=False)]


def readable(value: str) -> str:
    """A text with something in it besides spaces and control characters."""
    if not any(ch.isprintable() and not ch.isspace() for ch in value):
        raise ValueError("has nothing in it but spaces or control characters")
    return value


def has_words(value: str) -> str:
    """A posting or self-description: "😀" or "....." describes no work to place on a ladder."""
    if not any(ch.isalpha() for ch in value):
        raise ValueError("has no words in it")
    return value


Readable = Annotated[str, AfterValidator(readable)]
Prose = Annotated[str, AfterValidator(readable), AfterValidator(has_words)]
MAX_QUERY = 1000
MAX_K = 50


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ErrorBody(BaseModel):
    detail: str = Field(description="what was wrong with the request")


class SourceRef(BaseModel):
    doc: str
    start: int = Field(
        description="character offset in the text ingest extracted from the guide (for plain text, the file)"
    )
    end: int


class Result(BaseModel):
    id: str
    rank: int
    score: float
    level: Level | None
    section: Section
    category: str | None = Field(description="the ladder's own grouping of the passage, if it has one")
    heading: str | None
    text: str
    highlight: str = Field(description="the text, HTML-escaped, with the best-matching part in <mark></mark>")
    source: SourceRef


class SearchRequest(Strict):
    query: Readable = Field(min_length=1, max_length=MAX_QUERY)
    k: int = Field(5, ge=1, le=MAX_K)
    levels: list[int | Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=50, description="level numbers, or names (short name, title or alias)"
    )
    sections: list[SectionName] = Field(default_factory=list, max_length=len(Section))
    doc: str | None = Field(None, min_length=1, max_length=255)
    categories: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(default_factory=list, max_length=20)
    mode: ModeName = Field(Mode.HYBRID, description="hybrid (default), dense (embeddings only) or keyword (BM25 only)")


class SearchResponse(BaseModel):
    query: str
    results: list[Result]
    took_ms: float


class AskRequest(Strict):
    question: Readable = Field(min_length=1, max_length=MAX_QUERY)
    k: int = Field(3, ge=1, le=MAX_K, description="supporting results to return")
    doc: str | None = Field(None, min_length=1, max_length=255)


class AnswerBody(BaseModel):
    text: str = Field(description="the sentence of the guide that answers the question")
    level: Level | None
    levels: list[Level] = Field(description="for a comparison of two levels: both, the lower first")
    passage_id: str
    confidence: float = Field(ge=0, le=1, description="how likely this sentence answers the question")


class AskResponse(BaseModel):
    question: str
    answer: AnswerBody | None = Field(description="null when nothing in the guides answers the question")
    reason: Literal["not_covered", "unrelated"] | None = Field(
        description="why there is no answer: the guides do not cover it, or it is not about them"
    )
    by_ladder: list[AnswerBody] | None = Field(
        None,
        description="only when the question does not say which of several ladders it is about and each answers it"
        " its own way ('what does an AD do?', 'when do I first manage people?'): each ladder's answer; answer is"
        " then null",
    )
    results: list[Result]
    took_ms: float


MAX_POSTING = 20_000


class MatchRequest(Strict):
    text: Prose = Field(min_length=1, max_length=MAX_POSTING, description="a job description")
    k: int = Field(3, ge=0, le=10, description="evidence passages per level")
    doc: str | None = Field(None, min_length=1, max_length=255, description="the guide to match against")


class PostingSpan(BaseModel):
    text: str = Field(description="the sentence of the posting that matched the passage")
    start: int = Field(description="character offset in the posting")
    end: int


class EvidenceResult(Result):
    matched: PostingSpan


class LevelScore(BaseModel):
    level: Level
    score: float
    confidence: float = Field(ge=0, le=1, description="calibrated probability that this is the posting's level")


class LevelMatchBody(LevelScore):
    signals: dict[str, float] = Field(
        description="each signal's contribution to the score: content, years, title, cues (seniority wording)"
    )
    evidence: list[EvidenceResult]


class MatchResponse(BaseModel):
    best: LevelScore | None = Field(description="null when the text is not a posting for any ladder in the index")
    reason: str | None = Field(description="why there is no best level")
    posting: float = Field(ge=0, le=1, description="how likely the text is a job posting for this ladder")
    levels: list[LevelMatchBody] = Field(description="every level, best first; confidences sum to `posting`")
    took_ms: float


class PassagePair(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    source: Result = Field(alias="from")
    to: Result
    score: float = Field(description="the cosine of the two passages")


class CompareRow(BaseModel):
    level: Level
    equivalent: Level | None = Field(description="the level of `to` it compares with; null when none does")
    confidence: float = Field(ge=0, le=1)
    evidence: list[PassagePair] = Field(description="passages of the two levels that align, closest first")


class CompareResponse(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    source: str = Field(alias="from")
    to: str
    levels: list[CompareRow] = Field(description="every level of `from`, in order; a higher one never maps lower")
    took_ms: float


class NextResponse(BaseModel):
    level: Level
    next: Level | None = Field(description="null at the top of the ladder")
    new: list[Result] = Field(description="the next level's items with no counterpart at this level")
    carried: list[PassagePair] = Field(description="this level's item (from) and what it becomes (to)")
    dropped: list[Result] = Field(description="this level's items the next level no longer lists")
    took_ms: float


class GrowthRequest(Strict):
    text: Prose = Field(min_length=1, max_length=MAX_POSTING, description="what I do today: a self-description")
    doc: str | None = Field(None, min_length=1, max_length=255, description="the ladder; by default the closest")
    k: int | None = Field(None, ge=1, le=MAX_K, description="at most this many gaps")


class GrowthItem(Result):
    closest: PostingSpan | None = Field(description="the text's sentence closest to the item, or null")


class CurrentLevel(BaseModel):
    level: Level
    confidence: float = Field(ge=0, le=1)


class GrowthResponse(BaseModel):
    current: CurrentLevel
    next: Level | None = Field(description="null at the top of the ladder")
    gaps: list[GrowthItem] = Field(description="the next level's items the text does not show, furthest first")
    shown: list[GrowthItem] = Field(description="the next level's items the text already shows")
    took_ms: float


class Responsibility(BaseModel):
    id: str = Field(description="the passage's id, as in search results")
    heading: str | None
    text: str
    section: Section
    category: str | None


class LevelInfo(BaseModel):
    number: int
    title: str
    short: str
    doc: str
    aliases: list[str] = Field(description="the names people type for the level")
    years: tuple[float, float] | None = Field(description="years of experience the guide asks for, when it says")
    overview: str
    role: str | None
    skills: str | None
    responsibilities: list[Responsibility] = Field(description="named items and competencies, in the guide's order")


class LadderInfo(BaseModel):
    doc: str
    title: str | None
    format: str
    levels: int


class LevelsResponse(BaseModel):
    ladders: list[LadderInfo]
    levels: list[LevelInfo]


class Health(BaseModel):
    status: Literal["ok"]


class Ready(BaseModel):
    status: Literal["ready"]
    passages: int
    model: str
    built_at: str
