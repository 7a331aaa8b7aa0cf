"""Job description -> level, read the way a person reads a posting.

A posting is cut into its lines and sentences; all of them are embedded in
one batch and compared with every passage of the ladder. Each sentence votes
for the levels whose passages it resembles, weighted by how much it
resembles the ladder at all (a benefits paragraph resembles nothing and
barely votes). Four signals per level then feed a small multinomial logit
whose weights are fitted on labelled postings, so its probabilities are
calibrated: content (the votes), years of experience asked for, the title,
and seniority wording ("manage a team of PMs", "reports to the CEO").
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from core.encoder import Encoder
from core.model import Level, LevelProfile, Passage, squashed
from index import read_data
from index.highlight import highlight
from index.search import Searcher
from index.text import TITLE_STOPWORDS, LevelNames, shared_title_words, stems, words
from ingest.ladder import SENIORITY, is_rank

FEATURES = ("content", "years", "title", "cues")
POSTING_FEATURES = ("resemblance", "about", "names", "other_title")  # see `posting_features`
MAX_SENTENCES = 200  # a posting's first 200 sentences and items are read (a 20,000-character posting has about 200)
_ITEM = re.compile(r"^\s*(?:[-*•·‣▪–]|\d+[.)])\s+")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9(\"“])")
_HEADING = re.compile(
    r"(?:about\b|who we are\b|our \w+$|overview$|company\b|the (?:role|team|company)$|job description$|summary$)",
    re.IGNORECASE,
)
# An advert's grade line: "Job grade: Executive Officer", "Grade: HEO", "Pay band: Band 6".
_GRADE_LINE = re.compile(
    r"^[ \t]*(?:job |pay |civil service )?(?:grade|band)[ \t]*[:\-–][ \t]*(?P<grade>\S.*)$", re.I | re.M
)
_TITLE_PREFIX = re.compile(r"^\s*(?:job title|title|position|role)\s*[:\-–]\s*", re.IGNORECASE)
_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"  # noqa: SIM905
        " sixteen seventeen eighteen nineteen twenty".split()
    )
}
NUMBER_WORD = "|".join(_NUMBER_WORDS)  # "one", ..., "twenty": as a regular expression's alternation
_YEARS = re.compile(
    r"\b(?P<low>\d{1,2}|" + NUMBER_WORD + r")\s*(?:\+|plus)?\s*"
    r"(?:(?:-|–|to|or)\s*(?:\d{1,2}|" + NUMBER_WORD + r")\s*\+?\s*)?"
    r"(?:years?|yrs?)\b(?!\s+(?:old|ago))",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PostingSentence:
    text: str
    start: int
    end: int


def posting_sentences(text: str) -> list[PostingSentence]:
    """Every list item and sentence of a posting with three words or more, with offsets; headings are left out."""
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start = pos
        pos += len(line)
        item = _ITEM.match(line)
        body_start = line_start + (item.end() if item else len(line) - len(line.lstrip()))
        body = text[body_start : line_start + len(line.rstrip())]
        if not item and len(body.split()) <= 5 and not body.endswith((".", "!", "?")):
            continue  # a heading ("What you'll do", "Benefits"), not a requirement
        offset = 0
        for piece in [*_SENTENCE.split(body)]:
            start = body.index(piece, offset)
            offset = start + len(piece)
            piece_text = piece.strip()
            if len(piece_text.split()) >= 3:
                a = body_start + start + (len(piece) - len(piece.lstrip()))
                out.append(PostingSentence(piece_text, a, a + len(piece_text)))
    return out


def posting_title(text: str) -> str | None:
    """The first line, when it reads as a title (short, no sentence ending, not a section heading such as
    "About us"), or a 'Title:' line."""
    for line in text.splitlines():
        if _TITLE_PREFIX.match(line):
            return _TITLE_PREFIX.sub("", line).strip()
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first and len(first) <= 80 and not first.endswith((".", "!", "?", ":")) and not _HEADING.match(first):
        return first
    return None


def is_title_line(sentence: str, title: str) -> bool:
    """Whether a sentence of a posting is its title line: the title, or "Job title: <title>"."""
    return _TITLE_PREFIX.sub("", sentence).strip() == title.strip()


# "I'm a Group PM at ...", "As Chief Product Officer I ...", "has been Director of Product for ...": the
# writer's own title, which a self-description gives in a sentence rather than on its first line.
_SELF_TITLE = re.compile(
    r"\b(?:I['’]?m|I am|as|has been|have been|I['’]?ve been|was promoted to|joined \w+ as)\s+(?:a |an |the |our )?+"
    r"(?!(?:with|at|in|on|for|to|from|here|there|part of)\b)"  # "has been with the company": no title
    r"(?!\w+ing (?:our|the|a|an|my|their|his|her|them|on|with|for|in|at|to|as)\b)"  # "have been mentoring our..."
    r"(?P<title>[^.,;:|()\n]{2,60}?)(?=\s+(?:at|for|on|in|with|and|who|since|of the)\b|[.,;:|()\n–-]|$)",
    re.IGNORECASE,
)


# A review's subject, where a sentence opens with a name or a pronoun: "Priya is a Senior Staff Nurse ...".
_SUBJECT_TITLE = re.compile(
    r"(?:^|(?<=[.!?]\s))(?:(?-i:(?!(?:This|That|It|There|Here|What|Which|Who|My|Our)\b)[A-Z][a-z]+)|she|he)"
    r"(?:'s| is)\s+(?:a |an |the |our )?"
    r"(?P<title>[^.,;:|()\n]{2,60}?)(?=\s+(?:at|for|on|in|with|and|who|since|of the)\b|[.,;:|()\n–-]|$)",
    re.IGNORECASE | re.MULTILINE,
)


# A CV's or a profile's opening title: "First Officer, ATR 72-600, Kestrel Air", "B1 licensed engineer (Part-66)".
# ... followed by where or what it is of, not by the writer ("Working with senior stakeholders, I ...")
_OPENING_TITLE = re.compile(
    r"^\W*(?P<title>(?!(?:I|We|My|Our|This|The|In|Over|Since|After|For|At|Last|Next)\b)(?![A-Za-z]+ing\b)"
    r"[A-Z0-9][\w'&/ -]{1,60}?)\s*(?:\(|,\s*(?!(?:I|we|he|she|they|my|our|his|her)\b)[A-Z0-9])"
)
_OPENING_TITLE_WORDS = 6
TITLE_LINES = 2  # the most lines of a text that is only a title ("Senior Product Manager" / "Payments team")
# A review's first line naming its subject and title: "Annual review 2025 – Marek Wiśniewski, Senior Customs
# Declarant, Poznań", "... own comments (Agnieszka Nowak, Team Leader, late shift)".
_REVIEW_TITLE = re.compile(
    r"^[^\n]*?\b(?:review|appraisal|assessment|comments)\b[^\n]*?[–:(-]\s*"
    r"(?P<name>(?-i:[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,2})),\s*(?P<title>(?-i:[A-Z])[^,()\n]{1,59}?)\s*(?:[,)]|$)",
    re.IGNORECASE | re.MULTILINE,
)


def self_titles(text: str) -> list[str]:
    """The titles a self-description or review gives its subject ("associate PM", "VP of Product"): the
    writer's own, or else the first a sentence gives whoever it opens with ("Sam is a Junior Designer"), or the
    title a CV's line opens with ("Captain, A220-300, Manchester base")."""
    own = [m.group("title") for m in _SELF_TITLE.finditer(text)]
    subject = None if own else _SUBJECT_TITLE.search(text)
    if subject:
        return [subject.group("title")]
    review = _REVIEW_TITLE.match(text)
    if review and set(words(review["name"])) & SENIORITY:  # "Senior Software Engineer, Platform team": no name
        review = None
    opening = _OPENING_TITLE.match(text) or review
    if opening and len(opening["title"].split()) <= _OPENING_TITLE_WORDS:
        own.append(opening["title"])
    return own


EXPERIENCE_LINE_WORDS = 12  # the most words of a line that only gives the years a level asks for


def years_asked(text: str) -> int | None:
    """The most years of experience the posting asks for ('8+ years', 'ten years'); None if it never says."""
    found = []
    for m in _YEARS.finditer(text):
        low = m.group("low").lower()
        found.append(_NUMBER_WORDS[low] if low in _NUMBER_WORDS else int(low))
    return max(found) if found else None


def is_experience_line(text: str) -> bool:
    """ "5+ years<tab>Head of Customer Support", "Typical experience: 2-4 years": what a level asks of a
    person's past, not work anyone could show or lack."""
    about_years = "experience" in text.lower() or bool(_LEADING_YEARS.match(text))
    short = len(words(text)) <= EXPERIENCE_LINE_WORDS or bool(_EXPERIENCE_LABEL.match(text))
    return about_years and years_asked(text) is not None and short


def years_only(passage: Passage) -> bool:
    """A line giving the years a level asks ("Experience: 2-5 years."), its label read as a heading or not, or
    under one ("5–8 years, two or more shipped titles" in a slide's "Typical experience" column)."""
    labels = (passage.heading, passage.category)
    return any(label and is_experience_line(f"{label}: {passage.text}") for label in labels) or is_experience_line(
        passage.text
    )


# "Typical experience: 6+ years, including at least two years as a Senior Software Engineer": labelled, any length.
_EXPERIENCE_LABEL = re.compile(r"^\W*(?:(?:typical|minimum|required|expected|relevant)\s+)?experience\s*:", re.I)
_LEADING_YEARS = re.compile(
    r"^\W*\d{1,2}\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*\d{1,2}\s*\+?\s*)?(?:years?|yrs?)\.?\s*(?:\t|$)"
)


@dataclass(frozen=True, slots=True)
class Seniority:
    years: dict[str, tuple[float, float]]
    cues: tuple[re.Pattern[str], ...]

    @classmethod
    @cache
    def default(cls) -> Seniority:
        data = read_data("seniority.json")
        return cls(
            years={k: (float(a), float(b)) for k, (a, b) in data["years"].items()},
            cues=tuple(re.compile(c["pattern"], re.IGNORECASE) for c in data["cues"]),
        )

    def years_fit(self, profile: LevelProfile, years: int | None) -> float:
        """1 inside the level's range (its guide's own, else the usual one for its name), falling off by e
        per 3 years outside it."""
        span = profile.years or self.years.get(profile.level.short)
        if years is None or span is None:
            return 0.0
        low, high = span
        distance = max(low - years, years - high, 0.0)
        return math.exp(-distance / 3.0)

    def cues_of(self, level_texts: Sequence[Sequence[str]]) -> tuple[tuple[re.Pattern[str], np.ndarray], ...]:
        """Each wording with the levels whose own text uses it ("new graduates welcome": the first rung),
        so a ladder's wording comes from the ladder, whatever its levels are called."""
        out = []
        for pattern in self.cues:
            levels = np.array([float(any(pattern.search(t) for t in texts)) for texts in level_texts])
            if levels.any():
                out.append((pattern, levels))
        return tuple(out)

    @staticmethod
    def cue_scores(text: str, cues: Sequence[tuple[re.Pattern[str], np.ndarray]], count: int) -> np.ndarray:
        scores = np.zeros(count)
        for pattern, levels in cues:
            if pattern.search(text):
                scores += levels
        return scores


@dataclass(frozen=True, slots=True)
class MatchModel:
    """The multinomial logit's weights, one per feature, fitted by `ladder eval --tune`."""

    weights: tuple[float, ...]
    relevance_floor: float = 0.25
    relevance_ceiling: float = 0.5
    temperature: float = 0.05
    # Whether a text is a posting for the ladder at all: a logistic model over POSTING_FEATURES.
    posting_weights: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0)
    posting_bias: float = 0.0

    @classmethod
    @cache
    def default(cls) -> MatchModel:
        data = read_data("match.json")
        return cls(
            weights=tuple(data["weights"][f] for f in FEATURES),
            relevance_floor=data["relevance_floor"],
            relevance_ceiling=data["relevance_ceiling"],
            temperature=data["temperature"],
            posting_weights=tuple(data["posting"]["weights"][f] for f in POSTING_FEATURES),
            posting_bias=data["posting"]["bias"],
        )

    def is_posting(self, features: np.ndarray) -> float:
        """P(the text is a job posting for this ladder)."""
        return float(1 / (1 + np.exp(-(np.dot(self.posting_weights, features) + self.posting_bias))))


@dataclass(frozen=True, slots=True)
class Evidence:
    passage: Passage
    similarity: float
    sentence: PostingSentence
    highlight: str


@dataclass(frozen=True, slots=True)
class LevelMatch:
    level: Level
    score: float
    confidence: float
    evidence: list[Evidence]
    signals: dict[str, float]  # each feature's contribution to the score (its weight times its value)


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Every level ranked, and how likely the text is a posting for this ladder at all."""

    levels: list[LevelMatch]
    posting: float
    doc: str
    resemblance: float  # how close the posting's most ladder-like sentences come to the ladder
    other_title: str | None = None  # its title, when that names none of the ladder's levels
    title_only: bool = False  # the text has no sentence, only what reads as a title ("E4", "Senior Engineer")


@dataclass(frozen=True, slots=True)
class Features:
    """Everything the matcher measured on one posting against one guide."""

    levels: tuple[Level, ...]
    values: np.ndarray  # [level, feature]
    sentences: list[PostingSentence]
    sentence_weights: np.ndarray
    similarities: np.ndarray  # [sentence, passage]
    passages: list[Passage]
    positions: list[int]  # of the passages in the index
    relevance: float
    names: float = 0.0  # the share of the posting's sentences that name a level by a full name (its title: +0.5)
    other_title: float = 0.0  # 1 when its title names none of the ladder's levels ("Pastry Chef")
    title: str | None = None


def title_fit(title: str, profiles: Sequence[LevelProfile], names: LevelNames | None) -> np.ndarray:
    """How well a posting's title names each level: by one of its names, or by the words that set its
    title apart from the ladder's others ("Senior Backend Engineer" is the "Senior Engineer" level)."""
    named = names.levels_in(title) if names is not None else {}
    outranked: set[tuple[str, int]] = set()  # "Principal Software Engineer" is no Software Engineer
    for found in names.pattern.finditer(title.lower()) if names is not None else ():
        before = title.lower()[: found.start()].split()
        if " " in found.group(0) and before and before[-1] in SENIORITY:
            outranked |= names.owners[names.owner_of(found.group(0))]  # type: ignore[union-attr]
    title_words = set(words(title))
    titles = [set(words(p.level.title)) for p in profiles]
    common = shared_title_words(profiles)
    scores = []
    for profile, level_words in zip(profiles, titles, strict=True):
        distinct = level_words - common
        by_words = 1.0 if distinct and distinct <= title_words else 0.0
        key = (profile.level.doc, profile.level.number)
        scores.append(0.0 if key in outranked else max(named.get(key, 0.0), by_words))
    return np.array(scores)


def full_names(profiles: Sequence[LevelProfile]) -> re.Pattern[str] | None:
    """Any level's name of two words or more ("product manager", "group PM"): what a posting for the ladder says;
    not a pay band ("Band 7"), which a pharmacist's posting says too."""
    names = {a.lower() for p in profiles for a in (p.level.title, *p.aliases) if len(a.split()) >= 2 and not is_rank(a)}
    if not names:
        return None
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")s?(?![\w-])"
    )


def names_the_ladder(
    title: str, profiles: Sequence[LevelProfile], named: re.Pattern[str] | None, ladder_title: str | None = None
) -> bool:
    """Whether a title names the ladder's job: a level's full name, an acronym ("CPO", "VP"), the words
    most of its level titles share ("engineer" in "Senior Backend Engineer" for an engineering ladder), all
    the words of one level's title ("Staff" on a Junior-to-Staff ladder), or the words of the ladder's own
    title ("Site Reliability Engineer II" on the Site Reliability Engineering ladder of SRE I to SRE IV).
    Part of a level's name ("Senior", "Head of") does not: a Senior Backend Engineer is not a Senior PM."""
    title = re.sub(r"[,\-–—|/()]+", " ", title)  # "Vice President, Product" as "Vice President Product"
    if named is not None and named.search(squashed(title)):
        return True
    job = set(stems(words(ladder_title or ""), TITLE_STOPWORDS))
    if len(job) >= 2 and job <= set(stems(words(title), TITLE_STOPWORDS)):
        return True
    acronyms = {a for p in profiles for a in (p.level.short, *p.aliases) if a.isupper() and len(a) >= 2}
    if any(re.search(rf"(?<![\w-]){re.escape(a)}s?(?![\w-])", title) for a in acronyms):
        return True
    title_words = set(words(title))
    shared = shared_title_words(profiles)
    if shared and shared <= title_words:
        return True
    # A level's band with a word of the ladder's titles: "Registered Nurse - Band 5", not "Pharmacist (Band 7)".
    ranks = {a.lower() for p in profiles for a in p.aliases if is_rank(a)}
    if (
        any(re.search(rf"(?<![\w-]){re.escape(r)}(?![\w-])", squashed(title)) for r in ranks)
        and title_words
        & {w for p in profiles for w in _LEVEL_TITLE_NOISE.sub(" ", p.level.title.lower()).split()} - SENIORITY
    ):
        return True
    # A ladder whose titles share no job word ("Junior", "Staff"; "Security Analyst I"): a level's own words.
    return any(
        (own := _LEVEL_TITLE_NOISE.sub(" ", p.level.title.lower()).split()) and set(own) <= title_words
        for p in profiles
    )


_LEVEL_TITLE_NOISE = re.compile(r"\b(?:[ivx]+|\d+|of|the|and)\b|[^\w\s]")  # "Security Analyst II" -> security analyst


TOP_SENTENCES = 5  # a text's sentences that say how close it comes to a body of work


def top_mean(closeness: np.ndarray) -> float:
    """The mean of a text's TOP_SENTENCES sentences' closeness (each sentence's best cosine)."""
    return float(np.sort(closeness)[-TOP_SENTENCES:].mean())


def resemblance(f: Features) -> float:
    """How close a text's five most ladder-like sentences come, on average, to the ladder's passages."""
    return top_mean(f.similarities.max(axis=1))


def posting_features(f: Features) -> np.ndarray:
    """What says a text is a posting for this ladder: how close its five most ladder-like sentences come
    to the ladder's passages, the share of its sentences clearly about the ladder's work, the share
    that name one of its levels by a full name ("product manager", "head of product"), and whether
    its title names another job (a product designer's ad reads much like a PM's)."""
    about = float((f.similarities.max(axis=1) >= 0.45).mean())
    return np.array([resemblance(f), about, f.names, f.other_title])


def softmax(x: np.ndarray) -> np.ndarray:
    z = np.exp(x - x.max())
    return z / z.sum()


class Matcher:
    def __init__(
        self,
        searcher: Searcher,
        encoder: Encoder,
        seniority: Seniority | None = None,
        model: MatchModel | None = None,
    ) -> None:
        self.searcher = searcher
        self.encoder = encoder  # posting sentences are encoded in one batch, not through the query cache
        self.seniority = seniority or Seniority.default()
        self.model = model or MatchModel.default()
        index = searcher.index
        self.docs: dict[str, tuple[tuple[LevelProfile, ...], np.ndarray]] = {}
        for ladder in index.ladders:
            positions = np.array(
                [i for i, p in enumerate(index.passages) if p.level and p.level.doc == ladder.doc], dtype=np.int64
            )
            self.docs[ladder.doc] = (ladder.levels, positions)
        texts: dict[Level, list[str]] = {}
        for passage in index.passages:
            if passage.level is not None:
                texts.setdefault(passage.level, []).append(passage.text)
        self.cues = {
            ladder.doc: self.seniority.cues_of([texts.get(profile.level, []) for profile in ladder.levels])
            for ladder in index.ladders
        }

    def features(
        self,
        text: str,
        doc: str | None = None,
        *,
        about_self: bool = False,
        encoded: tuple[list[PostingSentence], np.ndarray] | None = None,
        placed: Callable[[Features], bool] | None = None,
    ) -> Features:
        """The features of a posting, or with `about_self` of a text about the writer's own work; `encoded`:
        its sentences (as `sentences` reads them) and their vectors, when the caller has them already;
        `placed`: whether a ladder's features would place a text about the writer (such ladders come first)."""
        if encoded is None:
            sentences = self.sentences(text)
            encoded = sentences, self.encoder.encode([s.text for s in sentences])
        sentences, vectors = encoded
        candidates = [doc] if doc else list(self.docs)
        measured = [self._features_for(text, d, sentences, vectors, about_self) for d in candidates]
        if about_self:  # the posting model reads ads: a text about its writer's work goes where it reads closest
            return max(measured, key=lambda f: (placed is None or placed(f), resemblance(f)))
        # The guide the text is a posting for: one the posting model takes it for (its title names which job),
        # then the one it reads most like (the model's odds can rise on a ladder it reads less like: a customer
        # success lead's ad is no data engineering manager's).
        return max(measured, key=lambda f: (self.model.is_posting(posting_features(f)) >= 0.5, resemblance(f)))

    @staticmethod
    def sentences(text: str) -> list[PostingSentence]:
        """What features() reads of a text: its sentences and items, or the whole text when it has none."""
        return posting_sentences(text)[:MAX_SENTENCES] or [PostingSentence(text.strip(), 0, len(text.strip()))]

    def _features_for(
        self, text: str, doc: str, sentences: list[PostingSentence], vectors: np.ndarray, about_self: bool
    ) -> Features:
        profiles, positions = self.docs[doc]
        levels = tuple(p.level for p in profiles)
        searcher, model = self.searcher, self.model
        w = searcher.params.segment_weight
        sims = searcher.index.dense.candidates(positions).similarities(vectors, w)
        relevance = sims.max(axis=1)
        weights = np.clip(
            (relevance - model.relevance_floor) / (model.relevance_ceiling - model.relevance_floor), 0.0, 1.0
        )
        level_of = np.array([levels.index(searcher.index.passages[i].level) for i in positions])
        per_level = np.full((len(sentences), len(levels)), -1.0)
        for j in range(len(levels)):
            if (level_of == j).any():
                per_level[:, j] = sims[:, level_of == j].max(axis=1)
        votes = np.stack([softmax(row / model.temperature) for row in per_level])
        content = (weights[:, None] * votes).sum(axis=0) / max(weights.sum(), 1e-9)
        title = posting_title(text)
        title_scores = np.zeros(len(levels))
        if title:
            title_scores = title_fit(re.sub(r"[,\-–—|/()]+", " ", title), profiles, searcher.level_names)
        if about_self:
            for own in self_titles(text):
                title_scores = np.maximum(title_scores, title_fit(own, profiles, searcher.level_names))
        grades = [] if about_self else [m.group("grade").strip() for m in _GRADE_LINE.finditer(text)]
        for grade in grades:  # "Job grade: Executive Officer" says the level as a title does
            title_scores = np.maximum(title_scores, title_fit(grade, profiles, searcher.level_names))
        # A self-description's years are time in a role ("for two years as VP"), not the experience a level asks.
        years = None if about_self else years_asked(text)
        values = np.stack(
            [
                content,
                [self.seniority.years_fit(profile, years) for profile in profiles],
                title_scores,
                self.seniority.cue_scores(text, self.cues[doc], len(levels)),
            ],
            axis=1,
        )
        passages = [searcher.index.passages[i] for i in positions]
        named = full_names(profiles)
        share = 0.0
        if named is not None:
            share = sum(bool(named.search(s.text.lower())) for s in sentences) / len(sentences)
            share += 0.5 if title and named.search(title.lower()) else 0.0  # a title naming a level says most
        ladder_title = next((ladder.title for ladder in searcher.index.ladders if ladder.doc == doc), None)
        other_title = float(
            bool(title)
            and not about_self
            and not names_the_ladder(title, profiles, named, ladder_title)
            and not any(names_the_ladder(grade, profiles, named, ladder_title) for grade in grades)
        )
        return Features(
            levels,
            values,
            sentences,
            weights,
            sims,
            passages,
            positions.tolist(),
            float(weights.sum()),
            share,
            other_title,
            title,
        )

    def match(self, text: str, doc: str | None = None, evidence: int = 3) -> MatchResult:
        """Every level of the guide, best first, each with how likely the text is a posting for it: the
        confidences sum to how likely it is a posting for the guide at all."""
        ranked = self.rank(self.features(text, doc), evidence)
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) <= TITLE_LINES and not posting_sentences(text):  # "E4": a title says nothing of the job
            ranked = replace(ranked, posting=0.0, title_only=True)
        # A cook's ad is no posting for a PM level, however much likelier the PM than the VP.
        levels = [replace(m, confidence=m.confidence * ranked.posting) for m in ranked.levels]
        return replace(ranked, levels=levels)

    def rank(self, f: Features, evidence: int = 3) -> MatchResult:
        """The levels ranked from measured features, with confidences that sum to 1."""
        weights = np.array(self.model.weights)
        scores = f.values @ weights
        confidences = softmax(scores)
        order = np.argsort(-scores, kind="stable")
        levels = [
            LevelMatch(
                f.levels[j],
                float(scores[j]),
                float(confidences[j]),
                self._evidence(f, j, evidence),
                {name: round(float(w * v), 4) for name, w, v in zip(FEATURES, weights, f.values[j], strict=True)},
            )
            for j in order
        ]
        shape = posting_features(f)
        other = f.title if f.other_title else None
        return MatchResult(levels, self.model.is_posting(shape), f.levels[0].doc, float(shape[0]), other)

    def _evidence(self, f: Features, level_index: int, k: int) -> list[Evidence]:
        """The level's passages the posting resembles most, each with the sentence that matched it."""
        level = f.levels[level_index]
        columns = [i for i, p in enumerate(f.passages) if p.level == level]
        weights = np.maximum(f.sentence_weights, 1e-3)
        # The posting's title names the level; what the level does is shown by its other sentences.
        titled = np.array([f.title is not None and is_title_line(s.text, f.title) for s in f.sentences])
        if 0 < titled.sum() < len(titled):
            weights = np.where(titled, 0.0, weights)
        weighted = f.similarities[:, columns] * weights[:, None]
        best_sentence = weighted.argmax(axis=0)
        strength = weighted.max(axis=0)
        out = []
        for c in np.argsort(-strength, kind="stable")[:k]:
            passage = f.passages[columns[c]]
            position = f.positions[columns[c]]
            sentence = f.sentences[best_sentence[c]]
            tokens = stems(words(sentence.text), self.searcher.lexicon.stopwords)
            out.append(
                Evidence(
                    passage=passage,
                    similarity=float(f.similarities[best_sentence[c], columns[c]]),
                    sentence=sentence,
                    highlight=highlight(passage.text, self.searcher.words(position), tokens, None),
                )
            )
        return out


def fit_match_weights(
    samples: Sequence[tuple[np.ndarray, int]], *, l2: float = 0.1, steps: int = 3000, rate: float = 0.5
) -> np.ndarray:
    """Maximum-likelihood weights of the conditional logit P(level) ∝ exp(w · features[level]).

    `samples` are (features [levels, FEATURES], index of the right level). The
    log-likelihood is concave, so plain gradient ascent finds its maximum. The
    L2 penalty keeps confidences from saturating on postings we wrote ourselves.
    """
    w = np.zeros(len(FEATURES))
    for _ in range(steps):
        gradient = -l2 * w
        for values, right in samples:
            p = softmax(values @ w)
            gradient += values[right] - p @ values
        w += rate * gradient / len(samples)
    return w
