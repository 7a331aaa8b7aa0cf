"""What I do today -> where it reads on the ladder, and what the next level asks that the text does not show.

The text is read like a job posting (index/match.py), with two differences:
a self-description names its writer's title inside a sentence ("I'm a Group
PM at ..."), not on its first line, and a text whose sentences do not come
close enough to a ladder's passages, or that resembles some other occupation's work more
(index/other_work.py), is about other work and placed nowhere. Each item of the next level (its
responsibilities, competencies, role, skills and overview) is then covered
by the text's closest sentence: how closely the sentence's words match
the item's, word for word in the model's last layer (BERTScore's recall),
plus the share of the item's words the sentence uses, each word weighted by
how few of the ladder's passages use it. An item covered past a
bar is shown, and so is one whose cues (index/data/cues.json: hiring,
1:1s, a budget...) the text states, those the current level does not
already ask for; the rest are gaps, the least covered first. Where the
ladder lists responsibilities or competencies, the next level's role,
overview and skills (when they are one paragraph) sum up that level as a
whole: they are never shown (a text that showed them would read as that
level) and are listed after the items. A line that only says who the text
is about ("Reviewer: Sam Reyes, Support Lead.") is no evidence, nor is a
clause saying what the writer has not done or only hopes to do; a line
giving only the years a level asks for is no item.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from core.encoder import TokenStates, pooled
from core.lru import LRU
from core.model import CODED_AMOUNT, Level, Passage, Section, is_no_item, spoken_of
from index import read_data
from index.cues import AskedCues, Cue, default_cues, stated_cues
from index.match import (
    Features,
    LevelMatch,
    Matcher,
    PostingSentence,
    posting_sentences,
    resemblance,
    self_titles,
    years_only,
)
from index.other_work import OtherWork
from index.text import LevelNames, stems, words

# What sums up the next level as a whole ("Lead a team of PMs while setting the strategy"): doing it is being there.
WHOLE_LEVEL = (Section.ROLE, Section.OVERVIEW, Section.SKILLS)
ITEMS = {Section.RESPONSIBILITY, Section.COMPETENCY}
ITEM_STATES = 1024  # ladder items whose words' states are kept
BYLINE_WORDS = 8  # the most words, level names aside, that a line saying who the text is about has
TITLE_WORDS = 4  # the most words of a title a sentence gives alone ("I'm a senior data engineer.")
SUBJECTS = frozenset({"i", "we", "he", "she", "they", "you", "i'm", "i've", "we're", "we've", "she's", "he's"})
TITLE_GIVEN = re.compile(
    r"^\W*(?:i'm|i am|i was|i've been|i have been|(?:he|she)(?:'s| is| was)|i work(?:ed)? as|i'?m working as)\b"
)
# What a title line goes on to say the writer does: a clause ("and I run"), or a verb in -ing ("running the brand
# strategy"), not the words that say where ("based in", "working at", "during").
ANOTHER_CLAUSE = re.compile(
    r"\b(?:i|we|who|which|where|that|whose)\b|[;:]"
    r"|\b(?!(?:working|based|sitting|reporting|during|morning|evening|building|housing|banking|accounting|marketing"
    r"|engineering|manufacturing|nursing|teaching|training|learning|publishing|retailing|consulting|billing|pricing"
    r"|purchasing|invoicing|licensing|shipping|ticketing|lending|catering)\b)\w{3,}ing\b"
)
# An item that says what a level does not do ("Does not carry a chargeable hours target"): no text can show it.
ONLY_NOT = re.compile(
    r"^\W*(?:(?:does|do|is|are|will)(?: not|n't) (?!need|require|wait|miss|rely)|(?:has|have) no |cannot |can't )", re.I
)
BYLINE_MARKS = ("|", ",", "(", " — ", " – ", " - ")
# Sums of money ("£100,000", "$5k", "€2.5m", "€ 2.000.000", "150.000 euro", "EUR 1,5 mln") and the size of a
# team ("a team of four", "25 people").
_AMOUNT = r"\d{1,3}(?:[.,]\d{3})+(?!\d)|\d+(?:[.,]\d+)?"
_UNIT = r"(?:k|m|mln|mn|bn|thousand|million|billion)\b"
MONEY = re.compile(
    rf"(?:[£$€]\s?|{CODED_AMOUNT})(?P<low>{_AMOUNT})(?:\s*(?:-|–|to)\s*(?:[£$€]|eur\b)?\s?(?P<high>{_AMOUNT}))?"
    rf"\s*(?P<unit>{_UNIT})?"  # "£120-150k"
    rf"|(?P<low2>{_AMOUNT})(?:\s*(?:-|–|to)\s*(?P<high2>{_AMOUNT}))?\s*(?P<unit2>{_UNIT})?\s*(?:euros?|pounds?|dollars?)\b",
    re.IGNORECASE,
)
COUNTS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
HEADS = re.compile(
    rf"\b(?:team|group) of (?:around |about |some |up to |over |more than )?(\d+|{COUNTS})\b"
    rf"|\b(\d+|{COUNTS}) (?:people|staff|direct reports|reports|fundraisers|analysts|engineers|officers)\b",
    re.IGNORECASE,
)
CLAUSES = re.compile(r";|:\s| but | — | – |,\s(?=(?:i|we) )")  # ", I write...": a clause of its own
NOT_DONE = re.compile(
    r"\b(?:never|not(?! only)|no longer|yet to|would like|'d like|hopes? to|hoping to|wants? to|plans? to"
    r"|planning to|aims? to|aiming to|someday"
    r"|^\W*(?:(?:next|this) year,? )?(?:i|we|you|he|she|they) (?:should|needs? to))\b|n't\b"
    r"|\bmy (?:manager|boss|supervisor)\b"
    # "... are still run by the senior analysts": others' work
    r"|\b(?:is|are|was|were) (?:still |usually |always |mostly )?(?:run|owned|done|led|handled|performed) by\b"
    r"(?! (?:me|myself|us)\b)"
)
# "Goals for next year: ...", a review's "Areas to develop: he has not yet ..."
AIMS = re.compile(
    r"^\W*(?:(?:my )?goals?|objectives?|next year|plans?|(?:areas?|points?) (?:to|for) (?:develop|development|improve"
    r"|improvement|grow|growth|work on)|development (?:areas?|points?|needs?)|to work on)\b[^:]{0,30}:"
)
OTHERS = re.compile(r"^\W*(?:(?:manager|reviewer|author|rater)\s*:|(?:reviewed|written|prepared) by\b)")


def is_byline(sentence: str, names: LevelNames | None, stopwords: frozenset[str]) -> bool:
    """A line naming a level and little else ("Performance review 2024: Lena Fischer, Senior Support
    Specialist, Corvid Analytics.", "I'm a Senior Engineering Manager."): who, not what anyone does."""
    if names is None:
        return False
    text = plain(sentence)
    lowered = names.uncased_words_out(sentence, " ".join(text.split()))  # "I am", not AM
    rest = [w for w in words(names.pattern.sub(" ", lowered)) if not w.isdigit()]  # "| 2021 - present"
    if len(rest) == len([w for w in words(lowered) if not w.isdigit()]):
        return False  # it names no level
    if given := TITLE_GIVEN.match(text):  # "I'm a Team Lead on the day shift at our fulfilment centre.": a title,
        return title_only(given, text[given.end() :])  # and where
    punctuated = ": " in sentence or any(mark in sentence for mark in BYLINE_MARKS)
    return punctuated and len(rest) <= BYLINE_WORDS and not SUBJECTS.intersection(rest)


def title_only(given: re.Match[str], rest: str) -> bool:
    """Whether what follows "I'm", "I work as"... is a title, and where, but no clause saying what the writer
    does ("I work as a Finance Officer and supervise two assistants": a verb after "and" says what they do)."""
    return not ANOTHER_CLAUSE.search(rest) and not ("work" in given.group(0) and " and " in rest)


def says_only_who(sentence: str) -> bool:
    """A short sentence that gives its writer's title and nothing they do: "I'm a data engineer.", "I am a
    nurse."; not "I'm in charge of the ward", "I am responsible for the billing domain", "I'm the practice
    assessor for two student nurses"."""
    text = plain(sentence)
    if not (given := TITLE_GIVEN.match(text)):
        return False
    rest = text[given.end() :]
    titled = re.match(r"\s*(?:an?|our)\s+(?P<title>[^.,;:!?]+)\W*$", rest)
    return titled is not None and len(titled["title"].split()) <= TITLE_WORDS and title_only(given, rest)


def done(sentence: str) -> str:
    """The clauses of a sentence that say what its writer does: not a heading, not what they have not done
    or only hope to do ("I have never hired anyone", "I'd like to run 1:1s"), not what their own manager
    does, and not a line about the text's reviewer ("Manager: Dana Lee, ...")."""
    text = plain(sentence)
    if text.lstrip().startswith("#") or AIMS.match(text) or OTHERS.match(text):
        return ""
    return " ".join(c for c in CLAUSES.split(text) if c.strip() and not NOT_DONE.search(c)).strip()


def figures(text: str) -> tuple[list[float], list[float]]:
    """The sums of money and the team sizes a text states."""
    scale = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mln": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
    money = [
        amount(n, scaled=bool(unit)) * scale.get(unit.lower(), 1.0)
        for m in MONEY.finditer(text)
        for unit in [m["unit"] or m["unit2"] or ""]
        for n in (m["low"] or m["low2"], m["high"] or m["high2"])
        if n
    ]
    counts = COUNTS.split("|")
    heads = [float(n) if n.isdigit() else counts.index(n.lower()) + 1.0 for m in HEADS.findall(text) for n in m if n]
    return money, heads


def amount(number: str, scaled: bool = False) -> float:
    """A written amount: "2.000.000" and "2,000,000" are two million, "1,5" and "1.5" one and a half; before a
    scale word ("$1.250m"), a separator is a decimal point."""
    if not scaled and re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", number):  # separated thousands
        return float(re.sub(r"[.,]", "", number))
    whole, _, fraction = number.replace(",", ".").partition(".")
    return float(f"{whole}.{fraction.replace('.', '')}" if fraction else whole)


def falls_short(item: str, sentence: str, text: str) -> bool:
    """Whether the sentence states a smaller sum than the item asks ("grants of up to £10,000" of "proposals of
    up to £100,000"), or the text a smaller team ("a team of four" of "a team of around 25"): the same work,
    not yet at that size."""
    (asked_money, asked_heads), (money, _), (_, heads) = figures(item), figures(sentence), figures(text)
    # under the least the item asks: "typically £150,000–£250,000" is met by £200,000
    return any(
        asked and stated and max(stated) < min(asked) for asked, stated in ((asked_money, money), (asked_heads, heads))
    )


def word_states(states: TokenStates, stopwords: frozenset[str]) -> np.ndarray:
    """The unit-length states of a text's content wordpieces: no [CLS] or [SEP], punctuation or stopword."""
    rows = [
        i
        for i, piece in enumerate(states.pieces)
        if re.search(r"\w", piece) and not (piece.startswith("[") and piece.endswith("]")) and piece not in stopwords
    ]
    vectors = states.states[rows]
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def alignment(item: np.ndarray, sentence: np.ndarray) -> float:
    """The mean, over the item's words, of the cosine of the sentence's closest word to it: 1.0 when every
    word the item asks has its like in the sentence, whatever else the sentence says."""
    if not len(item) or not len(sentence):
        return 0.0
    return float((item @ sentence.T).max(axis=1).mean())


def rarity(texts: Sequence[str], stopwords: frozenset[str]) -> dict[str, float]:
    """Each word stem of a ladder's passages, weighted 1 less the share of them that use it: a word every item
    of a design ladder has ("design", "team") says little about which item a sentence does."""
    used = Counter(t for text in texts for t in set(stems(words(text), stopwords)))
    return {t: 1.0 - n / len(texts) for t, n in used.items()}


def plain(text: str) -> str:
    """Lower case, with the typographic apostrophe of text pasted from a word processor ("haven’t")."""
    return text.lower().replace("’", "'")


def summaries(level: list[Passage], sections: set[Section]) -> tuple[Section, ...]:
    """The sections of a level that sum it up as a whole, and so are never shown: its role and overview,
    and its skills when they are one paragraph rather than a list. A ladder written as prose (overview
    paragraphs only) has nothing else, and its paragraphs can be shown."""
    listed = sum(p.section is Section.SKILLS for p in level) > 1
    whole = tuple(s for s in WHOLE_LEVEL if not (listed and s is Section.SKILLS))
    return whole if sections & {*ITEMS, *(set(WHOLE_LEVEL) - set(whole))} else ()


class UnplacedTextError(ValueError):
    """A text whose sentences do not come close enough to a ladder's passages to place it on a level (it is
    about other work), or one with no sentence at all."""


@dataclass(frozen=True, slots=True)
class GrowthParams:
    """From index/data/growth.json (chosen on the fit half of tests/data/growth.jsonl)."""

    lexical_weight: float  # how much the share of an item's words in a sentence adds to their cosine
    shown: float  # the coverage at which an item counts as shown
    closest_floor: float  # under this cosine no sentence of the text is close to an item
    margin: float  # how much closer to the current level than to the item a sentence may be and still show it
    about_floor: float  # under this resemblance to the ladder a text is about other work...
    about_sentence: float  # ... unless one of its sentences comes this close to a passage
    contrast_floor: float  # and one whose resemblance to the ladder less that to other work is under this is too

    @classmethod
    @cache
    def default(cls) -> GrowthParams:
        data = read_data("growth.json")
        return cls(**{k: v for k, v in data.items() if not k.startswith("_")})


@dataclass(frozen=True, slots=True)
class Coverage:
    position: int  # the item's passage in the index
    score: float
    closest: PostingSentence | None
    beyond: bool = False  # its closest sentence is not much closer to the current level than to it
    stated: bool = False  # the text states every cue the item asks that the current level does not


@dataclass(frozen=True, slots=True)
class GrowthResult:
    current: LevelMatch
    next: Level | None
    gaps: list[Coverage]
    shown: list[Coverage]


class Growth:
    def __init__(
        self, matcher: Matcher, params: GrowthParams | None = None, cues: tuple[Cue, ...] | None = None
    ) -> None:
        self.matcher = matcher
        self.params = params or GrowthParams.default()
        self.cues = default_cues() if cues is None else cues
        self.stopwords = matcher.searcher.lexicon.stopwords
        self.asked = AskedCues(matcher.searcher.index.passages, self.cues)
        self._item_words: LRU[int, np.ndarray] = LRU(ITEM_STATES)
        self._rarity: dict[str, dict[str, float]] = {}  # per ladder
        docs = {doc: positions for doc, (_, positions) in matcher.docs.items()}
        self.other_work = OtherWork.of(matcher.searcher.index, docs, matcher.searcher.params.segment_weight)

    def item_words(self, positions: Sequence[int]) -> list[np.ndarray]:
        """Ladder items' content words' states. The index's passages do not change, so each is encoded once
        while it stays among the ITEM_STATES last used."""
        found = {p: self._item_words.get(p) for p in positions}
        missing = [p for p, words in found.items() if words is None]
        if missing:
            states = self.matcher.encoder.token_states([self.matcher.searcher.index.passages[p].text for p in missing])
            for p, state in zip(missing, states, strict=True):
                found[p] = word_states(state, self.stopwords)
                found[p].setflags(write=False)  # shared by every request
                self._item_words.put(p, found[p])
        return [found[p] for p in positions]  # type: ignore[misc]

    def named(self, text: str) -> frozenset[str]:
        """The words of the level names a sentence uses ("I joined as a Finance Assistant", "with Ana, our Group
        PM"): who people are, which shows no item about that level ("Trains new Finance Assistants"). A name of
        one word written in lower case after its subject or before its object is a verb, the work: "lead" in "I
        lead the incident response", "and lead the review"; not "promoted to Lead"."""
        names = self.matcher.searcher.level_names
        if names is None or names.any_name is None:
            return frozenset()
        lower = text.lower()
        written = text if len(text) == len(lower) else lower  # "İ" lower-cases to two characters

        def verb(m: re.Match[str]) -> bool:
            return written[m.start()].islower() and names.used_as_verb(lower, m, told=True)

        return frozenset(w for m in names.any_name.finditer(lower) if not verb(m) for w in words(m.group(0)))

    def about(self, f: Features, other: np.ndarray) -> bool:
        """Whether a text reads as a ladder's work (`other`: its sentences' cosines to other work's task lines).
        "Banana banana banana" is not the work of any level of a PM ladder; one sentence close to a passage is,
        whatever small talk comes with it ("I have two dogs."). A nurse's review is not, as it resembles a
        nurse's work more than the ladder's."""
        if f.similarities.max() >= self.params.about_sentence:  # a sentence plainly about the ladder's work
            return True
        contrast = self._contrast(f, other)
        contrasted = contrast is None or contrast >= self.params.contrast_floor
        return resemblance(f) >= self.params.about_floor and contrasted

    def _refusal(self, f: Features, other: np.ndarray, doc: str | None) -> str:
        """Why a text is not placed: it resembles some other work more, or it says too little of the ladder's."""
        # Named when the text says enough to be compared, or comes as close to it as a sentence plainly about a
        # ladder's work comes to a passage ("I run standups." is not a fitness instructor's).
        contrast = self._contrast(f, other)
        unlike = contrast is not None and contrast < self.params.contrast_floor
        background = resemblance(f) - contrast if contrast is not None else 0.0  # its resemblance to other work
        enough = resemblance(f) >= self.params.about_floor or background >= self.params.about_sentence
        like = self.other_work.closest(other, f.levels[0].doc) if unlike and enough else None
        if like is not None:  # it reads as some other work: more text of the same kind would not help
            return self._other_work(like, doc)
        levels, ladder = self._ladders(doc)
        return (
            f"the text does not read like the work of any level in {levels}, so it is not placed on a level; "
            f"if you do work of {ladder}, describe it in a few more sentences"
        )

    def _named_other_work(self, text: str, f: Features, other: np.ndarray) -> str | None:
        """The other occupation a text's writer gives as their title, when they give no level's ("I'm a staff
        nurse; before that I worked as a health care assistant" is a nurse's) and the text reads no more like the
        ladder than like other work."""
        names = self.matcher.searcher.level_names
        titles = self_titles(text)
        if names is not None and any(names.names_any(t) for t in titles):
            return None
        contrast = self._contrast(f, other)
        if contrast is None or contrast >= 0:
            return None
        return self.other_work.named(titles, f.levels[0].doc)

    def _other_work(self, like: str, doc: str | None) -> str:
        levels, ladder = self._ladders(doc)
        return (
            f"the text reads more like other work (closest: {like}) than like any level in {levels}, "
            f"so it is not placed on a level; if you do work of {ladder}, describe that work"
        )

    def _ladders(self, doc: str | None) -> tuple[str, str]:
        """The ladders a refusal speaks of, and how it then calls them."""
        docs = [doc] if doc else sorted(self.matcher.docs)
        if len(docs) == 1:
            return docs[0], "this ladder"
        return f"the ladders {', '.join(docs)}", "one of these ladders"

    def contrast(self, text: str, doc: str) -> float | None:
        """How much more a text resembles the ladder `doc` than other work (None: the index has none)."""
        _, f, other = self._read(text, doc)
        return self._contrast(f, other)

    def _contrast(self, f: Features, other: np.ndarray) -> float | None:
        background = self.other_work.resemblance(other, f.levels[0].doc)
        return None if background is None else resemblance(f) - background

    def _read(self, text: str, doc: str | None) -> tuple[list[TokenStates], Features, np.ndarray]:
        """The text's sentences' token states, its features on the ladder it is placed on, and its sentences'
        cosines to other work."""
        read = self.matcher.sentences(text)
        sentences = self.matcher.encoder.token_states([s.text for s in read])
        vectors = pooled(sentences)
        other = self.other_work.similarities(vectors)
        f = self.matcher.features(
            text, doc, about_self=True, encoded=(read, vectors), placed=lambda f: self.about(f, other)
        )
        return sentences, f, other

    def read(self, text: str, doc: str | None = None) -> GrowthResult:
        sentences, f, other = self._read(text, doc)
        if not self.about(f, other):
            raise UnplacedTextError(self._refusal(f, other, doc))
        # "I am a plumber. I fix leaking pipes...": the writer says which other work they do, and the text reads
        # at least as much like it as like the ladder, however close "pipes" comes to a data ladder's pipelines
        if (named := self._named_other_work(text, f, other)) is not None:
            raise UnplacedTextError(self._other_work(named, doc))
        if not posting_sentences(text) or all(says_only_who(s.text) for s in f.sentences):
            # "Performance review 2025", "# Senior Support Specialist", "I'm a data engineer."
            raise UnplacedTextError(
                "the text has no sentence about your work, only what reads as a title or headings: "
                "describe what you do in a few full sentences or a bulleted list"
            )
        current = self.matcher.rank(f, evidence=0).levels[0]
        ladder = list(f.levels)
        here = ladder.index(current.level)
        if here + 1 == len(ladder):
            return GrowthResult(current, None, [], [])
        upper = ladder[here + 1]
        # "What changes at Manager:" under the Senior Consultant lists the Manager's work.
        owners = [spoken_of(p, ladder) for p in f.passages]
        columns = [
            c
            for c, p in enumerate(f.passages)
            if owners[c] == upper and not years_only(p) and not is_no_item(p) and not ONLY_NOT.match(p.text)
        ]
        # A sentence closer to the current level than to the item says what the writer does now, not the item.
        own_columns = [c for c, owner in enumerate(owners) if owner == current.level]
        own = f.similarities[:, own_columns].max(axis=1) if own_columns else np.full(len(f.sentences), -1.0)
        # The level names a sentence uses say who the writer is, not what they do.
        named = [self.stopwords | self.named(s.text) for s in f.sentences]
        sentence_stems = [set(stems(words(s.text), skip)) for s, skip in zip(f.sentences, named, strict=True)]
        # "Reviewer: Claire Mbeki, Director of Engineering." says who, and "I have never hired anyone" says
        # what the writer does not do: neither shows an item.
        names = self.matcher.searcher.level_names
        clauses = ["" if is_byline(s.text, names, self.stopwords) else done(s.text) for s in f.sentences]
        no_evidence = np.array([not c for c in clauses])
        # A cue the current level already asks for ("hires" at both levels) says what the writer does now.
        own_cues = frozenset().union(*(self.asked(f.positions[c]) for c in own_columns))
        stated = [stated_cues(c, self.cues) if c else frozenset() for c in clauses]
        sentence_words = [word_states(s, skip) for s, skip in zip(sentences, named, strict=True)]
        item_words = dict(zip(columns, self.item_words([f.positions[c] for c in columns]), strict=True))
        doc = f.passages[0].source.doc
        if doc not in self._rarity:  # a ladder's passages do not change
            self._rarity[doc] = rarity([p.text for p in f.passages], self.stopwords)
        rare = self._rarity[doc]

        def coverages(c: int, words_of: np.ndarray) -> np.ndarray:
            """How well each sentence covers the passage at column `c`: its words' likes, its rare words."""
            item = set(stems(words(f.passages[c].text), self.stopwords))
            weight = sum(rare[t] for t in item) or 1.0
            shared = np.array([sum(rare[t] for t in item & s) / weight for s in sentence_stems])
            aligned = np.array([alignment(words_of, s) for s in sentence_words])
            return np.where(no_evidence, -1.0, aligned + self.params.lexical_weight * shared)

        # How well each sentence covers the writer's own level's items: one that covers an item of theirs better
        # than the next level's ("I keep our technical risk register" of "Keeps ... of the discipline", not "Owns
        # ... of the project") says what they do now.
        mine = [c for c in own_columns if not is_no_item(f.passages[c])]
        own_cover = np.max(
            [coverages(c, w) for c, w in zip(mine, self.item_words([f.positions[c] for c in mine]), strict=True)],
            axis=0,
            initial=-1.0,
        )
        covered = []
        for c in columns:
            new_cues = self.asked(f.positions[c]) - own_cues
            stating = [i for i, cues in enumerate(stated) if cues & new_cues]
            coverage = coverages(c, item_words[c])
            cosine = f.similarities[:, c]
            if new_cues and new_cues <= frozenset().union(*(stated[i] for i in stating)):
                best = max(stating, key=lambda i: coverage[i])
                covered.append(
                    Coverage(f.positions[c], float(coverage[best]), f.sentences[best], beyond=True, stated=True)
                )
                continue
            # The closest sentence that reads as the item rather than as the writer's own level, if there is one.
            beyond_own = (cosine >= own - self.params.margin) & (coverage > own_cover) & ~no_evidence
            best = max(range(len(coverage)), key=lambda i: (beyond_own[i], coverage[i]))
            closest = f.sentences[best] if cosine[best] >= self.params.closest_floor and not no_evidence[best] else None
            beyond = bool(beyond_own[best])
            covered.append(Coverage(f.positions[c], float(coverage[best]), closest, beyond))
        passages = self.matcher.searcher.index.passages
        whole = summaries([p for p in f.passages if p.level == upper], {p.section for p in f.passages})
        is_shown = [
            (c.stated or (c.score >= self.params.shown and c.beyond and c.closest is not None))
            and passages[c.position].section not in whole
            and not (c.closest is not None and falls_short(passages[c.position].text, c.closest.text, text))
            for c in covered
        ]
        # What sums the level up is a gap by definition: the items a person can work on come first.
        gaps = sorted(
            (c for c, s in zip(covered, is_shown, strict=True) if not s),
            key=lambda c: (passages[c.position].section in whole, c.score),
        )
        shown = sorted((c for c, s in zip(covered, is_shown, strict=True) if s), key=lambda c: -c.score)
        return GrowthResult(current, upper, gaps, shown)
