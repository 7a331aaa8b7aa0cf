"""Query and passage text, as the keyword side of retrieval sees it.

Pure functions over a `Lexicon` (spellings, expansions, stopwords: data in
`index/data/lexicon.json`) and a vocabulary: tokenising, stemming, British to
American spelling, typo correction against the guides' own words, acronym
and jargon expansion, and spotting the level names a query mentions.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import unicodedata
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

import Stemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from core.model import Ladder, LevelProfile, Passage
from index import read_data

AMBIGUOUS = 0.25
WORD_RE = re.compile(r"[a-z0-9]+(?:&[a-z]+)*(?:[’'][a-z]+)?")  # "p&l" and "r&d" are words


@cache
def stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@dataclass(frozen=True)
class Lexicon:
    spellings: dict[str, str]
    expansions: dict[str, str]
    stopwords: frozenset[str]
    intents: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rank_intents: dict[str, tuple[str, ...]] = field(default_factory=dict)
    short_forms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "prod": ("product", "production")
    expansion_re: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = sorted(self.expansions, key=len, reverse=True)  # longest phrase wins
        pattern = r"(?<![\w&/:-])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w&/:-])" if keys else r"(?!)"
        object.__setattr__(self, "expansion_re", re.compile(pattern))

    def with_expansions(self, extra: dict[str, str]) -> Lexicon:
        """This lexicon with more acronyms and their meanings (a ladder's own, from its sidecar)."""
        if not extra:
            return self
        return dataclasses.replace(self, expansions={**self.expansions, **extra})

    @classmethod
    def from_dict(cls, data: dict) -> Lexicon:
        return cls(
            spellings={k.lower(): v.lower() for k, v in data.get("spellings", {}).items()},
            expansions={k.lower(): v.lower() for k, v in data.get("expansions", {}).items()},
            stopwords=frozenset(w.lower() for w in data.get("stopwords", [])),
            intents={
                section: tuple(patterns)
                for section, patterns in data.get("intents", {}).items()
                if not section.startswith("_")
            },
            rank_intents={
                end: tuple(patterns)
                for end, patterns in data.get("rank_intents", {}).items()
                if end in ("top", "bottom", "above", "below", "between")
            },
            short_forms={
                k.lower(): tuple(w.lower() for w in v)
                for k, v in data.get("short_forms", {}).items()
                if not k.startswith("_")
            },
        )


@cache
def default_lexicon() -> Lexicon:
    return Lexicon.from_dict(read_data("lexicon.json"))


def words(text: str) -> list[str]:
    """Lower-cased word tokens; `team’s` keeps its apostrophe form as one word."""
    return [w.replace("’", "'") for w in WORD_RE.findall(text.lower())]


# British spellings whose stem is not the American one's ("licence", "license"): the words themselves, not
# endings, which other words share ("rolled" is no "role", "skilled" no "skil").
SPELLINGS = (
    (re.compile(r"^licenc(?=e|es|ed|ing$)"), "licens"),
    (re.compile(r"^programme(?=s?$)"), "program"),
    (re.compile(r"^judgement(?=s?$)"), "judgment"),
    (re.compile(r"^defence(?=s?$)"), "defense"),
    (re.compile(r"^catalogue(?=s?$)"), "catalog"),
    (re.compile(r"^(behavi|col|lab|fav|hon|neighb|rig|endeav|harb)our(?=s?$|ed$|ing$|ite|able$)"), r"\1or"),
    (re.compile(r"^(cent|met|theat)re(s?)$"), r"\1er\2"),
    (re.compile(r"^(cent|met|theat)red$"), r"\1ered"),
    (re.compile(r"^(model|travel|cancel|label|signal|fuel|level)l(?=ed$|ing$|ers?$)"), r"\1"),
    (re.compile(r"^(anal|paral|catal)ys(?=e$|es$|ed$|ing$)"), r"\1yz"),
    (
        re.compile(
            r"^(organ|priorit|special|recogn|summar|optim|standard|visual|util|minim|maxim|author|categor|custom"
            r"|final|capital|emphas|formal|initial|monet|normal|real|apolog|central|critic|famil|general|harmon"
            r"|incentiv|internal|legal|memor|mobil|modern|neutral|operational|personal|rational|stabil|synchron"
            r"|social|character|synthes|empath|product|evangel|familiar)"
            r"is(?=e$|es$|ed$|ing$|ation|er$|ers$)"
        ),
        r"\1iz",
    ),
)


_ANY_SPELLING = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in SPELLINGS))  # one test for most words


def spelled_american(word: str) -> str:
    """The word in American spelling when it is one of the British words of SPELLINGS, else the word."""
    if not _ANY_SPELLING.match(word):
        return word
    for pattern, american in SPELLINGS:
        changed = pattern.sub(american, word, count=1)
        if changed != word:
            return changed
    return word


def stems(tokens: Iterable[str], stopwords: frozenset[str]) -> list[str]:
    """Snowball stems, British and American spellings one ("licence" and "license")."""
    kept = [spelled_american(t) for t in (t.split("'")[0] for t in tokens if t not in stopwords) if t]
    return [_own_stem(word, found) for word, found in zip(kept, stemmer().stemWords(kept), strict=True)]


def stem_word(word: str) -> str:
    word = spelled_american(word)
    return _own_stem(word, stemmer().stemWord(word))


def _own_stem(word: str, snowball: str) -> str:
    # Snowball gives "response" and "responsibilities" one stem: a reply is not a duty.
    return "responsib" if word.startswith("responsib") else snowball


def keyword_text(passage: Passage) -> str:
    """What BM25 indexes for a passage: its label and its text.

    Level names stay out: "product manager" is in every level's title, and a
    query that names a level is handled by the level prior instead.
    """
    return f"{passage.context}. {passage.text}"


def title_names(title: str) -> list[str]:
    """The names a level's title gives it, lower-cased: "Group Product Manager / Director of Product (GPM)" ->
    "group product manager", "director of product"."""
    return [part.strip().lower() for part in re.sub(r"\(.*?\)", "", title).split("/") if part.strip()]


def singular(word: str) -> str:
    """ "competencies" -> "competency", "skills" -> "skill"; other words as they are."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def shared_title_words(profiles: Sequence[LevelProfile]) -> set[str]:
    """The words most of a ladder's level titles share: its job ("product", "manager"; "engineer")."""
    titles = [set(words(p.level.title)) for p in profiles]
    return {w for w in set().union(*titles) if sum(w in t for t in titles) > len(titles) / 2}


def head_pair(title: str) -> str | None:
    """The last two words of a level title that ends in a person, less its number and in the singular: "Data
    Analyst II" -> "data analyst"; not "Head of Customer Support", "Support Team Lead" or "Senior Managers"."""
    said, head = unnumbered(title), title_head(title)
    if head is None or len(said) < 2 or len(said[-2]) < 3 or said[-2] in TITLE_STOPWORDS:
        return None
    return f"{said[-2]} {head}"


def title_head(title: str) -> str | None:
    """The person a level title ends in, less its number and in the singular ("Data Analyst II" -> "analyst")."""
    said = unnumbered(title)
    return singular(said[-1]) if said and is_person(said[-1]) else None


def unnumbered(title: str) -> list[str]:
    """A level title's words, lower-cased, less its number ("Developer 2", "Data Analyst II")."""
    return [w for w in words(title) if not is_numeral(w)]


def is_numeral(word: str) -> bool:
    """Whether a (lower-cased) title word is a level's number: "2", "ii"."""
    return bool(re.fullmatch(r"\d+|[ivx]+", word))


def is_person(word: str) -> bool:
    """Whether a title's last word is a person of one kind of work ("analyst", "engineer"), not one of every
    kind ("manager", "lead")."""
    one = singular(word)
    return bool(PERSON.search(one) or one.endswith("yst")) and one not in ANY_JOB and one not in MODIFIERS


def title_phrases(title: str, ignored: frozenset[str]) -> set[str]:
    """The runs of two or more words of a ladder's title, less its words for a ladder: "Orbital Data Science Career
    Framework" -> "orbital data", "data science", "orbital data science"; or its one word when that is all it
    says ("Procurement Career Framework" -> "procurement")."""
    kept = " ".join(w if w not in ignored else "|" for w in words(title)).split("|")
    runs = [run.split() for run in kept]
    if sum(map(len, runs)) == 1:
        return {w for run in runs for w in run}
    return {" ".join(run[i:j]) for run in runs for i in range(len(run)) for j in range(i + 2, len(run) + 1)}


# A job word that names people ("engineer", "analyst", "nurse"), whose plural is who a question asks about; not
# one that every kind of work has ("senior managers" are no one ladder's).
PERSON = re.compile(r"(?:er|or|ist|ian|ant|ent|nurse|chef|lead)$")
ANY_JOB = frozenset(
    {"manager", "director", "officer", "leader", "supervisor", "executive", "specialist", "coordinator", "assistant"}
    | {"associate", "partner", "consultant", "administrator", "advisor", "adviser", "owner", "member"}
)
# Words for a ladder ("the sales ladder", "the PM competency matrix").
LADDER_NOUNS = ("career ladder", "career path", "ladder", "track", "levels", "level", "matrix", "framework")
# A ladder's title's last word that calls it one: "the PM career guide", "the analyst framework".
TITLE_NOUNS = frozenset(words("ladder framework matrix guide path pathway track competencies handbook"))
ARTICLES = frozenset(words("the a an of and for in our"))
RANK_WORDS = frozenset({"rank", "grade", "band"})  # a ladder's own word for its levels, in its title or file name
# Words of a ladder's title that name no ladder in particular.
TITLE_STOPWORDS = frozenset(
    words("the a an of and for in our career careers ladder ladders path paths track tracks framework guide full")
    + words("level levels team teams role roles progression pathway pathways")
)


@dataclass(frozen=True)
class Jobs:
    """Each word that only one ladder's level titles mostly share ("sales", "support"), with that ladder, and
    the wording by which a question about levels names a ladder with it; and, for a ladder whose titles share
    no such word, the words of its own title and file name ("Platform Engineering", "PM Competencies",
    "backend-engineer.md") beside a word for a ladder ("the platform team", "the PM competency matrix")."""

    ladders: dict[str, str]
    naming: re.Pattern[str] | None
    explicit: re.Pattern[str] | None = None  # a ladder named as one, whatever the question asks
    # "data analyst", "security engineer": the last two words of level titles of one ladder only
    people: dict[str, str] = field(default_factory=dict)
    heads: dict[str, frozenset[str]] = field(default_factory=dict)  # the people each ladder's titles end in
    titles: dict[str, frozenset[str]] = field(default_factory=dict)  # each ladder's title and file name's words

    @classmethod
    def of(
        cls,
        words_to_ladders: dict[str, str],
        titled: dict[str, str] | None = None,
        nouns: dict[str, tuple[str, frozenset[str]]] | None = None,
        called: dict[str, str] | None = None,
        ranked: dict[str, str] | None = None,
    ) -> Jobs:
        """`titled`: title words that name a ladder beside a word for one; `nouns`: a title word that is one
        ("matrix"), with its ladder and the ladder's words that may stand before it ("competency"); `called`:
        title words that are words of its levels too ("finance" of the Finance Manager), which name a ladder
        only right before a word for one ("the finance ladder") or as where a question asks ("...in finance?");
        `ranked`: a ladder's own word for a level, from its title or file name ("fire-rescue-rank-framework.pdf"),
        which names it when a question asks for one ("at what rank...?")."""
        titled = {w: doc for w, doc in (titled or {}).items() if w not in words_to_ladders}
        nouns = {w: found for w, found in (nouns or {}).items() if w not in words_to_ladders and found[1]}
        called = {w: doc for w, doc in (called or {}).items() if w not in {*words_to_ladders, *titled, *nouns}}
        ranked = ranked or {}
        if not words_to_ladders and not titled and not nouns and not called and not ranked:
            return cls({}, None)

        def either(found: Iterable[str]) -> str:
            return "|".join(re.escape(w) for w in sorted(found, key=len, reverse=True)) or "(?!)"

        job, title = either(words_to_ladders), either(titled)
        other_word = rf"(?:(?!(?:{job}|{title})\b)\w+ )?"  # "in customer support", not "in platform engineering"
        unit = r"(?: (?:team|teams|org|organi[sz]ation|department|function|service|services))?"
        naming = re.compile(
            rf"\b(?:in|on) (?:the )?{other_word}(?P<a>{job})(?: (?:{job}))?{unit}(?: at \w+)?(?=\s*(?:[?.!,;]|$))"
            rf"|\b(?:in|on) the (?P<g>{title}){unit}(?=\s*(?:[?.!,;]|$))"  # "...from parents in the shop?"
            rf"|\b(?:in|on) (?:the )?(?P<h>{either(called)}){unit}(?=\s*(?:[?.!,;]|$))"  # "...in the branch?"
            rf"|{AFTER_A_LEVEL}in (?:the )?{other_word}(?P<d>{job}){unit}(?={CLAUSE_OPENS})"
            rf"|{NOT_A_LIKENESS}\bas an? {other_word}(?P<f>{job})(?: \w+)?(?=\s*(?:[?.!,;]|$))"  # "...as a designer?"
            rf"|\b(?P<b>{title}) (?:\w+ )?teams?\b"
            rf"|\b(?:what|which) (?P<r>{either(ranked)})s?\b"  # "at what rank do I...?"
        )
        alone = "".join(
            rf"|\b(?:{either(before)}) (?P<n{i}>{re.escape(w)})\b" for i, (w, (_, before)) in enumerate(nouns.items())
        )
        explicit = re.compile(
            rf"\b(?P<c>{job}|{title}) (?:\w+ )?(?:{either(LADDER_NOUNS)})\b"
            rf"|\b(?P<e>{either(called)}) (?:{either(n for n in LADDER_NOUNS if not n.startswith('level'))})\b" + alone
        )
        found = {**words_to_ladders, **titled, **{w: doc for w, (doc, _) in nouns.items()}, **called, **ranked}
        return cls(found, naming, explicit)

    @classmethod
    def build(cls, ladders: Sequence[Ladder], stopwords: frozenset[str] = frozenset()) -> Jobs:
        shared = {ladder.doc: shared_title_words(ladder.levels) for ladder in ladders}
        jobs = {w: doc for doc, ws in shared.items() for w in ws if sum(w in other for other in shared.values()) == 1}
        # Not a level's word in any ladder, nor a form of one ("management" is the EM ladder's "manager").
        names = {w for ladder in ladders for p in ladder.levels for alias in p.aliases for w in words(alias)}
        taken = set(stems(names, frozenset()))

        ignored = TITLE_STOPWORDS | stopwords

        def naming_word(w: str) -> bool:
            return (
                len(w) > 2 and not w.isdigit() and w not in ignored and not taken.intersection(stems([w], frozenset()))
            )

        def own_words(ladder: Ladder) -> set[str]:
            named = f"{ladder.title or ''} {re.sub(r'[-_.]', ' ', ladder.doc.rsplit('.', 1)[0])}"
            return {form for w in words(named) for form in {w, singular(w)}}

        own = {
            ladder.doc: set(filter(naming_word, own_words(ladder)))
            for ladder in ladders
            if ladder.doc not in jobs.values()
        }
        unique = {w: doc for doc, ws in own.items() for w in ws if sum(w in other for other in own.values()) == 1}
        titled = {w: doc for w, doc in unique.items() if w not in LADDER_NOUNS}
        nouns = {w: (doc, frozenset(own[doc] - {w})) for w, doc in unique.items() if w in LADDER_NOUNS}
        aliases = {alias.lower() for ladder in ladders for p in ladder.levels for alias in p.aliases}
        # Nor a form of another ladder's job ("the management track" is the EM ladder's, not the PM guide's).
        jobs_of = {doc: set(stems(ws, frozenset())) for doc, ws in shared.items()}

        def calls(ladder: Ladder) -> set[str]:
            """The words of its title that are words of its own levels ("finance": the Finance Manager)."""
            others = set().union(*(found for other, found in jobs_of.items() if other != ladder.doc))
            levels = set(stems(words(" ".join(p.level.title for p in ladder.levels)), frozenset()))
            forms = {form for w in words(ladder.title or "") for form in {w, singular(w)}}
            return {
                w
                for w in forms
                if len(w) > 2
                and w not in ignored
                and w not in aliases
                and (stem := set(stems([w], frozenset()))) & levels
                and not stem & others
            }

        loose = {ladder.doc: calls(ladder) for ladder in ladders}
        called = {w: doc for doc, ws in loose.items() for w in ws if sum(w in other for other in loose.values()) == 1}
        phrases = {doc: title_phrases(ladder.title or "", ignored) for ladder in ladders for doc in [ladder.doc]}
        named = {
            phrase: doc
            for doc, found in phrases.items()
            for phrase in found
            if sum(phrase in other for other in phrases.values()) == 1 and phrase not in aliases
        }
        rank_words = {ladder.doc: own_words(ladder) & RANK_WORDS for ladder in ladders}
        ranked = {w: doc for doc, ws in rank_words.items() for w in ws if sum(w in o for o in rank_words.values()) == 1}
        pairs = {ladder.doc: {pair for p in ladder.levels if (pair := head_pair(p.level.title))} for ladder in ladders}
        people = {
            pair: doc for doc, found in pairs.items() for pair in found if sum(pair in o for o in pairs.values()) == 1
        }
        heads = {
            ladder.doc: frozenset(filter(None, (title_head(p.level.title) for p in ladder.levels)))
            for ladder in ladders
        }
        titles = {ladder.doc: frozenset(own_words(ladder) - ARTICLES) for ladder in ladders}
        jobs_named = cls.of({**jobs, **named}, titled, nouns, called, ranked)
        return dataclasses.replace(jobs_named, people=people, heads=heads, titles=titles)

    def ladder_named(self, question: str, *, names_a_level: bool = False) -> str | None:
        """The ladder a question about levels (one that `names_a_level`, or asks about levels in its words)
        names by its job ("at what level do I manage people in customer support?", "the sales ladder") or
        its title ("the platform team"). "How do PMs work with sales?" and "should we invest in security?"
        name none."""
        found = self._naming(question.lower(), names_a_level)
        return found[0] if found else None

    def people_named(self, question: str) -> str | None:
        """The ladder whose people a question names by its job, in the plural after a seniority word or another
        word of that job ("who mentors junior data engineers?", "senior nurses"), or by a level title's last two
        words or its ladder's job before a word of its titles ("data analysts", "a backend engineer"), when it
        uses no other ladder's job words: not "managers" alone, nor "data engineering managers" of two ladders."""
        said = words(question.lower())
        pairs = self._people_pairs(said)
        named, used = {doc for _, doc in pairs}, set()
        said_as_one = {i - k for i, _ in pairs for k in (0, 1)}
        for i, (before, word) in enumerate(zip(["", *said], said, strict=False)):
            if i in said_as_one:
                continue
            job = word[:-1] if word.endswith("s") and PERSON.search(word[:-1]) and word[:-1] not in ANY_JOB else ""
            doc = self.ladders.get(job)
            if doc is not None and (before in MODIFIERS or self.ladders.get(before) == doc):
                named.add(doc)
            used.update(doc for doc in (self.ladders.get(word), self.ladders.get(job)) if doc is not None)
        return next(iter(named)) if len(named) == 1 and used <= named else None

    def _people_pairs(self, said: list[str]) -> list[tuple[int, str]]:
        """Where two words name one ladder's people (the second's index), and that ladder."""
        found = []
        for i, (before, word) in enumerate(zip(["", *said], said, strict=False)):
            one = singular(word)
            doc = self.people.get(f"{before} {one}")
            if doc is None and len(before) > 2 and (job := self.ladders.get(before)) in self.heads:
                doc = job if one in self.heads[job] else None  # "backend engineers", not "is it senior"
            if doc is not None:
                found.append((i, doc))
        return found

    def without_ladder_named(self, question: str, *, names_a_level: bool = False) -> str:
        """The question less the words that name its ladder ("in support"): what it asks of that ladder."""
        text = question.lower()
        return _cut(text, self._naming(text, names_a_level))

    def without_ladder_noun_phrase(self, question: str) -> str:
        """The question less the words that call its ladder by what it is ("the PM competency matrix", "the
        sales ladder"), not by its job alone ("in support": the support strategy too), nor with a word of
        what it asks between them ("the security severity matrix")."""
        text = question.lower()
        found = self.explicit.search(text) if self.explicit is not None else None
        if found is not None and found.group("c"):
            between = set(words(found.group(0))) - set(words(found.group("c"))) - set(words(" ".join(LADDER_NOUNS)))
            if between - set(self.ladders):
                return text
        return _cut(text, self._titled(text, self._span(found)))

    def _naming(self, text: str, names_a_level: bool) -> tuple[str, int, int] | None:
        """The ladder the text names and where: (doc, start, end)."""
        found = self.explicit.search(text) if self.explicit is not None else None
        if found is None and self.naming is not None and (names_a_level or ASKS_ABOUT_LEVELS.search(text)):
            found = self.naming.search(text)
        return self._titled(text, self._span(found))

    def _span(self, found: re.Match[str] | None) -> tuple[str, int, int] | None:
        return (self.ladders[next(g for g in found.groups() if g)], *found.span()) if found else None

    def _titled(self, text: str, found: tuple[str, int, int] | None) -> tuple[str, int, int] | None:
        """The ladder named by the words of its title and file name before a word for a ladder ("the PM career
        guide", "(PM competency matrix)"), where only one ladder has them all; or `found`, when it says more."""
        said = list(re.finditer(r"[a-z0-9][\w&'-]*", text))
        runs = []
        for end, word in enumerate(said):
            noun = word.group(0) if word.group(0) in TITLE_NOUNS else singular(word.group(0))  # "paths" too
            if noun not in TITLE_NOUNS:
                continue
            for doc, own in self.titles.items():
                start = end
                while start > 0 and said[start - 1].group(0) in own:
                    start -= 1
                named = {w.group(0) for w in said[start:end]} - TITLE_STOPWORDS  # not "the career path" alone
                if named and noun in own:
                    runs.append((end - start, doc, said[start].start(), word.end()))
        if len({doc for _, doc, *_ in runs}) != 1:  # none, or two ladders named ("the sales paths and the CS ...")
            return found
        _, doc, start, end = max(runs)
        if found is None or (found[0] == doc and start <= found[1] and found[2] <= end):
            return doc, start, end
        return found


def _cut(text: str, found: tuple[str, int, int] | None) -> str:
    if found is None:
        return text
    _, start, end = found
    if text[start - 1 : start] == "(" and text[end : end + 1] == ")":  # "...junior PMs write (PM competency matrix)?"
        start, end = start - 1, end + 1
    return f"{text[:start]} {text[end:]}"


# Level names that can qualify another ladder's level ("junior PMs", "senior engineers"); role names cannot.
MODIFIERS = {
    "intern", "apprentice", "trainee", "graduate", "junior", "associate", "assistant", "entry", "intermediate", "mid",
    "senior", "staff", "principal", "lead", "head", "deputy", "executive", "jr", "sr",
}  # fmt: skip
# What comes before and after a one-word level name used as a verb: "I lead", "we head"; "lead the review".
# Not "to": "promoted to lead", "get to staff without 8 years".
A_VERB = re.compile(r"\b(?:i|we|you|they|he|she|who|also)\s+$")
AN_OBJECT = re.compile(r"\s+(?:the|a|an|our|my|their|his|her|its)\b")
CODE = r"[A-Z][A-Z0-9]{1,5}"  # a level's code as ladders write it: "AD", "DS3"
WRITTEN_CODE = re.compile(rf"(?<![\w-])({CODE})s?(?![\w-])")  # "SAEs" too
# Before a name that is the level, whatever follows: "is staff a management role", "is a principal a manager",
# "promoted to staff this year".
A_NOUN = re.compile(r"\b(?:is|are|was|were|be|being|become|becoming|a|an|the|to|as|than|from|of)\s+$")
# Words after such a name that make it a title, not a verb: "what does a lead do", "promoted to lead in a year".
NO_OBJECT = frozenset({
    "do", "does", "did", "is", "are", "was", "were", "be", "been", "have", "has", "get", "gets", "need", "needs",
    "role", "roles", "level", "levels", "position", "title", "job", "jobs", "track", "rung", "grade", "band",
    "and", "or", "of", "in", "at", "on", "for", "to", "from", "with", "without", "within", "into", "by", "after",
    "before", "than", "as", "about", "over", "under", "via", "per",
    "who", "what", "when", "where", "how", "why", "if", "ever", "still", "yet", "now", "then", "too",
})  # fmt: skip
# "As a designer" is the asker's job, not "the same level as a nurse manager" or "such as a nurse".
NOT_A_LIKENESS = "".join(rf"(?<!\b{w} )" for w in ("such", "same", "much", "well", "many", "level", "far", "just"))
# Where the question's own clause opens after the words naming its ladder, right after a word for a level: "at
# what level in support do I...", not "with 3 years in security do I qualify for staff on the platform team?".
LEVEL_WORDS = (
    "level",
    "levels",
    "role",
    "roles",
    "grade",
    "rung",
    "stage",
    "point",
    "when",
    "seniority",
    "band",
    "title",
)
AFTER_A_LEVEL = "(?:" + "|".join(f"(?<={w} )" for w in LEVEL_WORDS) + ")"  # lookbehinds are of one width each
CLAUSE_OPENS = (
    r" (?:do|does|did|can|could|will|would|should|must|am|is|are)"
    r" (?:i|you|we|they|he|she|one|people|someone|anyone|an?|the|my|our)\b"
)


# What a question about a ladder's levels asks: who, which level, a role, a promotion, the rung above...
ASKS_ABOUT_LEVELS = re.compile(
    r"\b(?:who|which|levels?|roles?|titles?|rungs?|grades?|ladder|track|career|promot\w*|reports? to|above|below"
    r"|senior|junior|first|next|manag\w*)\b"
)


def bigrams(tokens: Sequence[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(tokens))


BRITISH = (
    (re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\1"),  # prioritise, organisation
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),  # analyse
    (re.compile(r"our(s|ed|ing|ite|ites|able)?$"), r"or\1"),  # behaviour, favourite
    (re.compile(r"tre(s)?$"), r"ter\1"),  # centre
    (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),  # modelling, travelled
)


def american_spelling(word: str) -> str:
    """The word with a British ending spelt the American way (which the guides may use), else the word."""
    for pattern, american in BRITISH:
        changed = pattern.sub(american, word)
        if changed != word:
            return changed
    return word


@dataclass(frozen=True)
class Vocabulary:
    """The words the guides use (to correct typos toward) and words known to be real (left alone)."""

    corpus_words: tuple[str, ...]
    known_words: frozenset[str]
    corpus_stems: frozenset[str] = frozenset()
    short_forms: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # as the guides spell them

    @classmethod
    def build(cls, texts: Iterable[str], lexicon: Lexicon, english: Iterable[str] = ()) -> Vocabulary:
        corpus = set()
        for text in texts:
            corpus.update(w for w in words(text) if len(w) > 2)
        for phrase in (*lexicon.expansions, *lexicon.expansions.values(), *lexicon.spellings.values()):
            corpus.update(w for w in words(phrase) if len(w) > 2)
        known = corpus | set(lexicon.stopwords) | set(lexicon.spellings) | set(lexicon.short_forms) | set(english)
        used = {short: [w for w in full if w in corpus] for short, full in lexicon.short_forms.items()}
        return cls(
            corpus_words=tuple(sorted(corpus)),
            known_words=frozenset(known),
            corpus_stems=frozenset(stem_word(w) for w in corpus),
            # not a short form the guides use as a word of their own ("CERT", a response team)
            short_forms={short: full[0] for short, full in used.items() if len(full) == 1 and short not in corpus},
        )

    def correct(self, word: str) -> str:
        """A misspelt word as the guides spell it; real and short words unchanged."""
        if word in self.short_forms:
            return self.short_forms[word]
        if len(word) < 4 or word in self.known_words or not word.isalpha():
            return word
        american = american_spelling(word)
        if american != word and stem_word(american) in self.corpus_stems:  # "prioritises": the guides' "prioritize"
            return american
        if word.endswith("s") and word[:-1] in self.known_words:  # a plural ("GPMs") is not a typo
            return word
        max_distance = 1 if len(word) <= 5 else 2
        match = process.extractOne(word, self.corpus_words, scorer=OSA.distance, score_cutoff=max_distance)
        return match[0] if match else word


@dataclass(frozen=True, slots=True)
class Query:
    """A query after normalisation: what the encoder and BM25 each get."""

    raw: str
    normalized: str  # spelling fixed, typos corrected
    expansion: str  # words the lexicon adds for acronyms and jargon
    # What the encoder reads: each acronym or jargon phrase replaced by its meaning in place
    # ("who writes the product requirement documents specification"), fewer tokens than appended.
    for_encoder: str
    keyword_tokens: tuple[str, ...]
    stems: tuple[str, ...] = ()  # of `normalized`'s words, stopwords left out (for its phrases)
    # The levels the wording names, with weights (`LevelNames.levels_in`); not part of its identity.
    levels: dict[tuple[str, int], float] = field(default_factory=dict, compare=False)
    # Each acronym's or jargon's meaning, as stems: it counts as typed only as a whole phrase.
    phrases: tuple[tuple[str, ...], ...] = ()


def expand(text: str, lexicon: Lexicon) -> str:
    """The words the lexicon adds for the acronyms and jargon in the text."""
    return spell_out(text, lexicon)[1]


def meanings(text: str, lexicon: Lexicon) -> list[str]:
    """The meanings of the acronyms and jargon in the text."""
    return [lexicon.expansions[m.group(0)] for m in lexicon.expansion_re.finditer(text)]


def spell_out(text: str, lexicon: Lexicon) -> tuple[str, str]:
    """The text with each acronym and jargon phrase the lexicon knows replaced by its meaning, and
    those meanings alone."""
    pieces, meanings, end = [], [], 0
    for m in lexicon.expansion_re.finditer(text):
        meaning = lexicon.expansions[m.group(0)]
        pieces += (text[end : m.start()], meaning)
        meanings.append(meaning)
        end = m.end()
    if not meanings:
        return text, ""
    pieces.append(text[end:])
    return "".join(pieces), " ".join(meanings)


CONTRAST = re.compile(r",?\s*\b(?:rather than|instead of)\b[^,.;?!]*")  # what a question asks not about


def analyze_query(
    raw: str, lexicon: Lexicon, vocabulary: Vocabulary, level_names: LevelNames | None = None, doc: str | None = None
) -> Query:
    """The query a text asks; asked of one ladder (`doc`), the model reads that ladder's titles for its codes
    ("AD": Account Director, where another ladder's AD is its Art Director)."""
    raw = unicodedata.normalize("NFKC", raw)  # "ｗｈｏ ｗｒｉｔｅｓ ＰＲＤｓ", as an East Asian keyboard types it
    fixed = []
    for token in re.findall(r"\S+", raw.strip().lower()):
        core = token.strip(".,;!?()[]{}\"'“”‘’")
        replacement = lexicon.spellings.get(core) or vocabulary.correct(core) if core else core
        fixed.append(token.replace(core, replacement) if core and replacement != core else token)
    normalized = " ".join(fixed)
    asked = level_names.naming_the_neighbour(normalized) if level_names is not None else normalized
    asked = CONTRAST.sub("", asked) or asked
    spelled = level_names.codes_spelled_out(asked, raw, doc, lexicon.expansions) if level_names else asked
    encoder_text, expansion = spell_out(spelled, lexicon)
    own = stems(words(normalized), lexicon.stopwords)
    levels = level_names.levels_in(level_names.uncased_words_out(raw, normalized)) if level_names is not None else {}
    if doc is not None and level_names is not None:  # asked of one ladder, "AD" is its Account Director
        for code in level_names.shared_codes(raw):
            keys = level_names.owners.get(code, set())
            if keys & set(levels):  # named, not a neighbour asked for ("the level below VP")
                for key in keys:
                    if key[0] == doc:
                        levels[key] = 1.0
                    else:
                        levels.pop(key, None)
    keywords, added = asked, expansion
    if levels:
        # "what does an associate product manager do": the level is counted by the level
        # prior; as keywords, its name would favour whichever passage repeats it.
        keywords = level_names.without_names(asked)
        added = expand(keywords, lexicon)
    typed = stems(words(keywords), lexicon.stopwords)
    tokens = typed + [t for t in stems(words(added), lexicon.stopwords) if t not in typed]  # a typed word counts once
    phrases = tuple(p for m in meanings(normalized, lexicon) if (p := tuple(stems(words(m), lexicon.stopwords))))
    return Query(raw, normalized, expansion, encoder_text, tuple(tokens), tuple(own), levels, phrases)


MIN_FAMILY = 3  # the fewest levels coded alike ("E1", "E2", "E3") that make a code past them a level


@dataclass(frozen=True)
class LevelNames:
    """Finds the levels a query names, and the section its wording asks for.

    A name that ends another level's name ("PM" in "Senior PM", "Product
    Manager" in "Group Product Manager") is the profession as much as a level:
    it counts half, and its plural ("PMs") is the profession, not the level.
    Other names count in the plural too ("senior product managers").
    """

    pattern: re.Pattern[str]
    owners: dict[str, set[tuple[str, int]]]
    weights: dict[str, float]
    intents: dict[str, tuple[re.Pattern[str], ...]]
    ends: dict[str, tuple[re.Pattern[str], set[tuple[str, int]]]]  # "top"/"bottom": any of its wordings, its rungs
    # Any level name, anywhere: when every intent needs one, a text without one asks for no section.
    mentions: re.Pattern[str] | None = None
    names: str = ""  # the regular expression of any level name, for other patterns to use
    # Wordings that ask for a neighbour of the level they name, each with the map to it: "the role above VP",
    # "what's next after APM" (the level after it), "the level below VP" (the one before it); None for "the
    # level between PM and GPM" (the one level between those two).
    steps: tuple[tuple[re.Pattern[str], dict[tuple[str, int], tuple[str, int]] | None], ...] = ()
    following: dict[tuple[str, int], tuple[str, int]] = field(default_factory=dict)  # each level's next one
    titles: dict[tuple[str, int], str] = field(default_factory=dict)
    any_name: re.Pattern[str] | None = None  # every name, in the plural too ("PMs"): what a question is about
    # Names that are common words ("AM"): as the ladder writes them, and in any case.
    cased: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = ()
    codes: frozenset[str] = frozenset()  # names a ladder writes as a code ("AD", "SAE", "DS3"), in lower case
    # What follows a one-word name in its levels' titles ("head": "of product"), and every title's job words
    # ("engineer", "officer"): "Head of Data", "Chief Technology Officer" are other titles.
    tails: dict[str, frozenset[str]] = field(default_factory=dict)
    job_words: frozenset[str] = frozenset()
    stopwords: frozenset[str] = frozenset()

    @classmethod
    def build(cls, profiles: Sequence[LevelProfile], lexicon: Lexicon) -> LevelNames | None:
        owners: dict[str, set[tuple[str, int]]] = {}
        levels = [p.level for p in profiles]
        jobs: dict[str, set[str]] = {}  # each ladder's title nouns: "assistant" of "Teaching Assistant"
        for level in levels:
            said = words(level.title.lower())
            jobs.setdefault(level.doc, set()).update(said[-1:] if len(said) > 1 else ())  # not "Senior" alone
        for profile in profiles:
            doc = profile.level.doc
            for alias in profile.aliases:
                # "Assistant" names the Assistant Headteacher in its own ladder, not beside a Teaching Assistant.
                lone = " " not in alias and alias.lower() in MODIFIERS and alias.lower() != profile.level.title.lower()
                if lone and any(alias.lower() in nouns for d, nouns in jobs.items() if d != doc):
                    continue
                owners.setdefault(alias.lower(), set()).add((doc, profile.level.number))
                # as a question reads once respelled: "Programme Manager" is asked as "program manager"
                respelled = " ".join(lexicon.spellings.get(w, w) for w in alias.lower().split(" "))
                owners.setdefault(respelled, set()).add((doc, profile.level.number))
        if not owners:
            return None
        # "PM" ends "Senior PM", another level's name; "Senior Project Manager" ends "PM-3 Senior Project Manager",
        # a name of its own level (a one-word name, "Lead" of "Support Team Lead", is a common word too)
        weights = {
            name: AMBIGUOUS
            if any(
                other != name and other.endswith(" " + name) and (owners[other] - owners[name] or " " not in name)
                for other in owners
            )
            else 1.0
            for name in owners
        }
        alternatives = [
            re.escape(name) + ("" if weights[name] < 1 or name.endswith("s") else "s?")
            for name in sorted(owners, key=len, reverse=True)
        ]
        names = "(?:" + "|".join(alternatives) + ")"
        pattern = re.compile(rf"(?<![\w-]){names}(?![\w-])")
        intents = {
            section: tuple(
                re.compile(p.replace("{level}", f"(?P<level>{names})").replace("{other}", names)) for p in patterns
            )
            for section, patterns in lexicon.intents.items()
        }
        by_doc: dict[str, list[int]] = {}
        for level in levels:
            by_doc.setdefault(level.doc, []).append(level.number)
        rungs = {
            "top": {(doc, max(numbers)) for doc, numbers in by_doc.items()},
            "bottom": {(doc, min(numbers)) for doc, numbers in by_doc.items()},
        }
        ends = {
            end: (re.compile("|".join(f"(?:{p})" for p in patterns)), rungs[end])  # one search, not one a wording
            for end, patterns in lexicon.rank_intents.items()
            if patterns and end in rungs
        }
        following = {}
        for doc, numbers in by_doc.items():
            ordered = sorted(numbers)
            following.update({(doc, a): (doc, b) for a, b in itertools.pairwise(ordered)})
        preceding = {b: a for a, b in following.items()}
        level = rf"(?<![\w-])(?P<level>{names})(?![\w-])"
        other = rf"(?<![\w-])(?P<other>{names})(?![\w-])"
        steps = tuple(
            (re.compile(p.replace("{level}", level).replace("{other}", other)), neighbour)
            for direction, neighbour in (("above", following), ("below", preceding), ("between", None))
            for p in lexicon.rank_intents.get(direction, ())
        )
        every_intent_names_a_level = all("{level}" in p for ps in lexicon.intents.values() for p in ps)
        mentions = re.compile(names) if every_intent_names_a_level else None
        titles = {(level.doc, level.number): level.title for level in levels}
        plurals = "|".join(
            re.escape(n) + ("" if n.endswith("s") else "s?") for n in sorted(owners, key=len, reverse=True)
        )
        any_name = re.compile(rf"(?<![\w-])(?:{plurals})(?![\w-])")
        # "AM" (Analytics Manager) is "am" in "I am new here": such a name counts only as the ladder writes it.
        cased = tuple(
            (
                re.compile(rf"(?<![\w-]){re.escape(alias)}(?![\w-])"),
                re.compile(rf"(?i)(?<![\w-]){re.escape(alias)}(?![\w-])"),
            )
            for alias in dict.fromkeys(a for profile in profiles for a in profile.aliases)
            if alias.lower() in lexicon.stopwords
        )
        codes = frozenset(
            alias.lower()
            for profile in profiles
            for alias in profile.aliases
            if re.fullmatch(CODE, alias) and alias.lower() != profile.level.title.lower()
        )
        full = [name for level in levels for name in title_names(level.title)]
        tails = {
            name: frozenset(t[len(name) :].strip() for t in full if t.startswith(name + " "))
            for name in owners
            if " " not in name
        }
        job_words = frozenset(
            w for t in full for w in words(t) if w not in MODIFIERS and w not in lexicon.stopwords and w.isalpha()
        )
        return cls(
            pattern,
            owners,
            weights,
            intents,
            ends,
            mentions,
            names,
            steps,
            following,
            titles,
            any_name,
            cased,
            codes,
            tails,
            job_words,
            lexicon.stopwords,
        )

    def title_of(self, key: tuple[str, int]) -> str:
        """A level's title as two ladders' levels are compared by: "vp of product" of "VP of Product / Head of
        Product" and of "VP of Product"."""
        return (title_names(self.titles.get(key, "")) or [""])[0]

    def written_codes(self, raw: str) -> set[str]:
        """The level codes the text writes as the ladders do ("AD", not "an ad campaign"), or in any case when
        they hold a digit ("sd3")."""
        said = {m.group(1).lower() for m in WRITTEN_CODE.finditer(raw)}
        said |= {w for w in re.findall(r"[a-z0-9]+", raw.lower()) if any(c.isdigit() for c in w)}
        return self.codes & said

    def shared_codes(self, raw: str) -> set[str]:
        """The codes the text writes as the ladders do ("AD") that levels of several titles share."""
        return self._shared(self.written_codes(raw))

    def _shared(self, codes: set[str]) -> set[str]:
        return {code for code in codes if len({self.titles[k] for k in self.owners.get(code, ())}) > 1}

    def codes_spelled_out(self, text: str, raw: str, doc: str | None = None, known: Container[str] = ()) -> str:
        """The lower-cased text with each level code that the `raw` text writes (`written_codes`) spelled out as
        the title it has in the ladder `doc`, or in every ladder, for the model, which does not know it ("F4":
        Fundraising Manager). A code several titles share ("AD": Account Director, Art Director) is spelled out
        only within `doc`, and one of one title only if not `known` (the lexicon spells "GPM" out itself)."""
        written = self.written_codes(raw)
        shared = self._shared(written)

        def title(m: re.Match[str]) -> str:
            name = self.owner_of(m.group(0))
            if name not in written or (name in known and name not in shared) or (name in shared and doc is None):
                return m.group(0)
            titles = {self.titles[k] for k in self.owners.get(name, ()) if doc is None or k[0] == doc}
            if len(titles) != 1:
                return m.group(0)
            (full,) = titles
            title = (title_names(full) or [full])[0]  # "group product manager" of "... / Director of Product"
            return title if name in shared else f"{m.group(0)} ({title})"

        return self.pattern.sub(title, text) if written else text

    def uncased_words_out(self, raw: str, text: str) -> str:
        """The text without the names that are common words where the raw text does not write them as the
        ladder does ("am" in "I am new here"; "AM" stays)."""
        for written, anyhow in self.cased:
            if not written.search(raw):
                text = anyhow.sub(" ", text)
        return text

    def names_in(self, text: str) -> list[str]:
        """The level names the text holds, as the ladders spell them (a plural as its singular)."""
        return [self.owner_of(m.group(0)) for m in self.pattern.finditer(text.lower())]

    def owners_of(self, name: str) -> set[tuple[str, int]]:
        """The levels (doc, number) a name found in a text belongs to."""
        return self.owners.get(self.owner_of(name.lower()), set())

    def owner_of(self, found: str) -> str:
        """The name a found name is of: "pms" is "pm"."""
        return found if found in self.owners else found[:-1]  # a plural

    def levels_in(self, text: str) -> dict[tuple[str, int], float]:
        """Each level the text names, with the weight of its strongest name."""
        text = text.lower()
        stepped = self.neighbours_asked(text)
        # "The role above VP" asks about the CPO, and clearly; the names in the wording are not asked about.
        said = self.without_neighbour_wordings(text) if stepped else text
        named: dict[tuple[str, int], float] = {}
        for match in self.pattern.finditer(said):
            name = self.owner_of(match.group(0))
            if (
                self._describes_another(said, match.end(), name)
                or self.starts_another_title(said, match.end(), name)
                or self.used_as_verb(said, match)
            ):
                continue
            for key in self.owners[name]:
                named[key] = max(named.get(key, 0.0), self.weights[name])
        for wordings, rungs in self.ends.values():
            if wordings.search(text):  # "the highest product job": the top rung
                named.update(dict.fromkeys(rungs, 1.0))
        for key, _ in stepped:  # named elsewhere too ("once I reach senior PM, what's after senior PM")
            named.pop(key, None)
        named.update(dict.fromkeys((neighbour for _, neighbour in stepped), 1.0))
        return named

    def used_as_verb(self, text: str, match: re.Match[str], *, told: bool = False) -> bool:
        """Whether a one-word name in the lower-cased text is a verb, the work: "lead" in "does a pm lead user
        interviews", "and lead the review"; not in "what does a lead do", "promoted to lead", "is staff a
        management role". `told`: a text that tells what its writer does ("I lead and mentor the team", "to
        lead projects"), where a subject before it is enough."""
        if " " in match.group(0):
            return False
        before = text[: match.start()]
        if A_NOUN.search(before) and not (told and before.endswith("to ")):
            return False
        if AN_OBJECT.match(text, match.end()):
            return True
        if told:
            return bool(A_VERB.search(before) or before.endswith("to "))
        named = self.any_name is not None and re.search(rf"(?:{self.any_name.pattern})\s+$", before)
        following = re.match(r"\s+([a-z][\w'-]*)", text[match.end() :])
        return bool(
            (A_VERB.search(before) or named)
            and following is not None
            and following.group(1) not in NO_OBJECT
            and not (self.any_name is not None and self.any_name.match(text, match.end() + 1))
        )

    def _describes_another(self, text: str, end: int, name: str) -> bool:
        """Whether a one-word name describes the level named right after it in another ladder ("junior PMs",
        where a platform ladder has a level called Junior), rather than naming a level of its own (not "a PM
        lead", where a platform ladder has a level called Lead)."""
        if name not in MODIFIERS or text[end : end + 1] != " ":
            return False
        following = self.any_name.match(text, end + 1)
        if following is None:
            return False
        return not {doc for doc, _ in self.owners_of(following.group(0))} & {doc for doc, _ in self.owners[name]}

    def starts_another_title(self, text: str, end: int, found: str) -> bool:
        """Whether a one-word name the lower-cased text has (`found`, ending at `end`) starts a title none of its
        levels has: "head" in "the Head of Data", "chief" in "Chief Technology Officer", "associate" in
        "associate engineer" (not in "is a director a manager")."""
        name = self.owner_of(found)
        if " " in name or not self.tails.get(name):  # a title of one word ("Junior"): what follows is the job
            return False
        if not re.match(r" [a-z]", text[end : end + 2]):  # "VP, Product", "VP (Product)": the VP
            return False
        after = re.findall(r"[a-z][\w'-]*", text[end : end + 60])[:3]
        if after[:1] == ["of"] and len(after) > 1:  # "head of data"
            said = f"of {after[1]}"
        elif not after or after[0] in self.stopwords:
            return False
        elif (k := next((k for k, w in enumerate(after[:2]) if w in self.job_words), None)) is not None:
            said = " ".join(after[: k + 1])  # "technology officer", "engineer"
        else:
            return False
        return not any(tail == said or tail.startswith(said + " ") for tail in self.tails[name])

    def _step_wordings(self, text: str) -> list[tuple[re.Match[str], dict[tuple[str, int], tuple[str, int]]]]:
        """Each "above", "below" or "between" wording in the text with its neighbour map, the earliest and then
        the longest first."""
        found = (
            (m, self._between(m.group("other")) if neighbour is None else neighbour)
            for wording, neighbour in self.steps
            for m in wording.finditer(text)
        )
        return sorted(found, key=lambda pair: (pair[0].start(), -pair[0].end()))

    def _between(self, name: str) -> dict[tuple[str, int], tuple[str, int]]:
        """For each level two rungs from `name`'s level (either way), the one rung between them."""
        out = {}
        for end in self.owners[self.owner_of(name)]:
            out.update({start: middle for start, middle in self.following.items() if self.following.get(middle) == end})
            middle = self.following.get(end)
            if middle is not None and middle in self.following:
                out[self.following[middle]] = middle
        return out

    def neighbours_asked(self, text: str) -> set[tuple[tuple[str, int], tuple[str, int]]]:
        """Each level the text asks for a neighbour of, with that neighbour ("the role above VP": the VP and the
        CPO), when it has one."""
        return {(k, neighbour[k]) for _, k, neighbour in self._stepped(text) if k in neighbour}

    def past_an_end(self, text: str, docs: frozenset[str] | None = None) -> bool:
        """Whether the text asks only for rungs its levels (in `docs`) lack ("the level below APM"); "who is
        above the CPO" asks for a person, which the guide may name."""
        stepped = [
            (k, neighbour)
            for wording, k, neighbour in self._stepped(text)
            if not wording.startswith("who") and (docs is None or k[0] in docs)
        ]
        return bool(stepped) and not any(k in neighbour for k, neighbour in stepped)

    def code_past_an_end(self, raw: str, docs: frozenset[str] | None = None, written: Container[str] = ()) -> bool:
        """Whether the text writes a code of a ladder's kind past its levels' ("E7" of E1-E6, "T0"): a level
        it does not have, whose pay or work no other level's answers; not one the guides write (`written`, in
        lower case: a Polish sick note, "L4", beside levels L1-L3)."""
        families: dict[str, set[int]] = {}  # a ladder's code letters and their numbers: "e": {1, ..., 6}
        for code in self.codes:
            found = re.fullmatch(r"([a-z]{1,3})-?(\d{1,2})", code)
            if found and (docs is None or any(doc in docs for doc, _ in self.owners.get(code, ()))):
                families.setdefault(found[1], set()).add(int(found[2]))
        for said in re.finditer(r"(?<![\w-])([A-Za-z]{1,3})-?(\d{1,2})(?![\w-])", raw):
            numbers = families.get(said[1].lower(), set())
            unwritten = re.sub(r"[\s-]", "", said[0].lower()) not in written
            if len(numbers) >= MIN_FAMILY and not min(numbers) <= int(said[2]) <= max(numbers) and unwritten:
                return True
        return False

    def _stepped(self, text: str) -> list[tuple[str, tuple[str, int], dict[tuple[str, int], tuple[str, int]]]]:
        """Each level an "above", "below" or "between" wording names, with the wording and its neighbour map."""
        return [
            (m.group(0), k, neighbour)
            for m, neighbour in self._step_wordings(text.lower())
            for k in self.owners[self.owner_of(m.group("level"))]
        ]

    def without_neighbour_wordings(self, text: str) -> str:
        """The text without its "above", "below" and "between" wordings: what else it asks ("what skills does
        the level below the CPO need": "what skills does need")."""
        parts, end = [], 0
        for match, _ in self._step_wordings(text.lower()):
            if match.start() >= end:
                parts.append(text.lower()[end : match.start()])
                end = match.end()
        return " ".join([*parts, text.lower()[end:]])

    def naming_the_neighbour(self, text: str) -> str:
        """ "Is there a role above VP?" -> "is there a Chief Product Officer?": what the encoder should read.

        The wording up to the level's name (both names, for "between"), and its "what's next" (the `ask` group),
        give way to the neighbour's title (each of them, for a name several ladders share); the asker's own
        words stay.
        """
        parts, end = [], 0
        for match, neighbour in self._step_wordings(text):  # of overlapping wordings, the earliest and longest
            owners = self.owners[self.owner_of(match.group("level"))]
            titles = {self.titles[neighbour[k]] for k in owners if k in neighbour}
            if match.start() >= end and titles:
                asks = "ask" in match.re.groupindex and match.group("ask") is not None
                between = "other" in match.re.groupindex  # "between PM and GPM": both names give way
                # The asker's words between the name and "what's next" stay.
                mine = text[match.end("level") : match.start("ask")] if asks else ""
                parts += [text[end : match.start()], " or ".join(sorted(titles)), mine]
                end = match.end("ask") if asks else max(match.end("level"), match.end("other") if between else 0)
        return "".join([*parts, text[end:]])

    def without_names(self, text: str) -> str:
        """The text with level names taken out (the level prior already counts them)."""
        return self.pattern.sub(" ", text.lower())

    def names_any(self, text: str) -> bool:
        """Whether the text names a level, in the plural too."""
        return bool((self.any_name or self.pattern).search(text.lower()))

    def without_names_of(self, text: str, levels: Iterable[tuple[str, int]]) -> str:
        """The text without the names of these levels, in the plural too: "do PMs still code" asks about the
        PM ("do still code"), though "PMs" alone is the profession; a longer name holding one ("senior PM") stays."""
        chosen = set(levels)
        pattern = self.any_name or self.pattern
        return pattern.sub(lambda m: " " if self.owners_of(m.group(0)) & chosen else m.group(0), text.lower())

    def sections_asked(self, text: str) -> dict[str, dict[tuple[str, int], float] | None]:
        """Sections the wording asks for, each with the levels it asks about and their weights.

        None means the wording asks for the section at any level.
        """
        text = text.lower().strip(" ?!.")
        asked: dict[str, dict[tuple[str, int], float] | None] = {}
        if self.mentions is not None and not self.mentions.search(text):
            return asked
        for section, patterns in self.intents.items():
            for p in patterns:
                match = p.search(text)
                if not match:
                    continue
                level = match.groupdict().get("level")
                if level is None or asked.get(section, {}) is None:
                    asked[section] = None
                    continue
                name = self.owner_of(level)
                levels = asked.setdefault(section, {})
                for key in self.owners[name]:
                    levels[key] = max(levels.get(key, 0.0), self.weights[name])
        return asked
