"""/ask: the sentence of the guides that answers a question, or an honest "the guides don't cover that".

The answer is found in two ways. A question of a known form ("who do I
report to as an APM", "do directors still write specs", "can I become a PM
without being an APM", "difference between a PM and a senior PM") is
answered from the level it names (`index/data/forms.json`); any other by the
best sentence of the best passage. Then a small logistic model, fitted on
labelled questions (answerable ones, in-domain ones the guides do not
answer, unrelated ones), says how likely that sentence is to answer the
question: its features are how close the question is to the passage, how
close it is once its level names are taken out ("salary of a VP" is about
a VP but not about anything a VP passage says), how many of its words the
passage has, how clearly the search put that passage first, whether its
form or a section intent was recognised, whether it asks for an amount
or a term of employment (pay, remote work, degrees: `index/data/terms.json`)
the passage never mentions, and how many of its words no guide uses.
Below the threshold there is no answer, and the reason says whether the
question was about the guides at all.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache, partial

import numpy as np

from core.model import (
    CODED_AMOUNT,
    EARNINGS_LABELS,
    MONEY,
    PAY_LABELS,
    PAY_ROW,
    REPORTING_LINE,
    REPORTS_LABELS,
    REPORTS_ROW,
    SALARY_LABELS,
    YEARS_LABELS,
    Level,
    Passage,
    Section,
    bare_header,
    fact_label,
    is_no_item,
    readies,
    row_cells,
    sentence_spans,
    spoken_of,
    squashed,
    states_a_fact,
)
from index import read_data
from index.amounts import (
    LIMIT_WORDS,
    Amount,
    Limit,
    amounts,
    is_money,
    left_out,
    limits,
    of_the_asked,
    tightest,
    written,
)
from index.cues import Cue, default_cues, questioned_cues
from index.match import NUMBER_WORD, years_only
from index.search import Searcher, SearchFilter, SearchHit
from index.text import (
    ASKS_ABOUT_LEVELS,
    WRITTEN_CODE,
    LevelNames,
    Query,
    meanings,
    spell_out,
    stems,
    title_names,
    words,
)

FEATURES = (
    "cosine",
    "residual",
    "residual_anywhere",
    "coverage",
    "margin",
    "form",
    "intent",
    "unstated_quantity",
    "unstated_terms",
    "unknown_words",
)
# A question asking for an amount (pay, a number of years) is not answered by a sentence with no number in it.
QUANTITY = re.compile(
    r"\bhow (?:much|many|long|often|big|large)\b|\bwhat size\b|\bsalar|\bpay\b|\bpaid\b|\bearn|\bcompensation\b"
    r"|\bbonus|\b(?:what|how much)(?: \w+)? commission\b(?! plans?| structures?)"
    r"|\bequity\b|\bstock\b|\brsus?\b|\bpercent|\bnotice period"
)
# "What is the billable hours target for...", "how many reports does...": a figure of the level asked about.
ASKS_A_FIGURE = re.compile(rf"(?:{QUANTITY.pattern})|\b(?:targets?|limits?|thresholds?|quotas?)\b")
ASKS_A_REQUIREMENT = re.compile(
    r"\b(?:certificates?|certification|qualifications?|quals|licen[cs]es?|degrees?|accreditations?|education|training)\b",
    re.I,
)
# What a level may need: a course, licence, degree or exam ("Has passed the Customs Declarant course"); not "room
# status", "exam results", "a pay award" or "360-degree feedback".
QUALIFICATION = re.compile(
    r"\b(?:certif\w*|licen[cs]\w*|(?<!-)degrees?|diplomas?|nvqs?|hnc|hnd|bsc|msc|mba|phd|gcses?|a-levels?|"
    r"chartered|chartership|accredit\w*|registration|membership|examinations?|courses?|(?-i:Award)|ratings?|"
    r"qualified|qualifications?)\b|\b(?:pass|passed|passes|passing|sit|sits|complete|completes|completed) "
    r"(?:\w+ ){0,3}?exams?\b|\blevel \d+ (?:in|certificate|diploma|award)\b"
    r"|\b(?:mandatory|required|compulsory|statutory) training\b",
    re.IGNORECASE,
)
GENERIC_QUALIFICATION = frozenset({"qualification", "qualifications"})  # a heading's words, naming none
# The words of a question asking what a level needs, not what it asks about ("first aid" of "what first aid
# qualification does a Purser need").
REQUIREMENT_STEMS = frozenset(
    stems(
        words(
            "certificate certification qualification quals licence license degree accreditation education need "
            "required requirement requirements must hold have get become start join be do which what professional "
            "training"
        ),
        frozenset(),
    )
)
GRADE_LINE = re.compile(rf"\W*(?:{PAY_LABELS})\b", re.IGNORECASE)  # "Grade 7.", "Band F2", "Salary: ..."
HEADING_SHORT = 4  # a line of this few words naming qualifications is their heading ("Knowledge and qualifications")
FIGURE = re.compile(r"(?<![A-Za-z])\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I)  # not "ICL1"
NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand)\b", re.IGNORECASE
)
# A count of people: "a team of 8 to 15 operatives", "up to ten people", "has no direct reports" (not "8 years",
# "one project", "MT4").
_COUNT = r"(?:(?<![A-Za-z])\d+|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\b)"
COUNTED = re.compile(
    rf"{_COUNT}(?:\s*(?:-|–|to|or)\s*{_COUNT})?\s+(?:[\w-]+\s+){{0,2}}"
    r"(?!(?:years|months|weeks|days|hours|minutes|projects|products)\b)(?:[a-z]+s|people|staff|personnel)\b"
    r"|\bno (?:direct )?reports\b|\bno (?:line )?management\b",
    re.IGNORECASE,
)
# "How long...", "how quickly can an HEO get to G7", "what's the minimum time at E1 before promotion to E2"
ASKS_HOW_LONG = re.compile(
    r"^(?:how (?:long|quickly|soon|fast|many (?:years|months))|what(?:'s| is) the (?:minimum|min|usual|typical|normal)"
    r" (?:time|period))\b"
)
# A ladder saying time does not decide: "no minimum time", "not on time served", "Moving up is not automatic".
NOT_BY_TIME = re.compile(
    r"\bno (?:fixed |set |formal )?(?:minimum|min) (?:time|period)\b"
    r"|\bnot (?:on|by|after|based on|tied to) (?:[\w-]+ (?:or|and) )?(?:a set number of years|(?:the )?time served"
    r"|length of service|tenure)\b|\bnot automatic\b"
    r"|\b(?:years|figures|experience|pqe)\b[^.;]{0,30}\b(?:are|is) (?:only )?(?:an? )?(?:indication|guide)\b"
)
MOVING_UP = re.compile(r"\bmov(?:e|es|ing) up\b")
EVERY_STEP = re.compile(r"\b(?:next|each|every|any) (?:level|grade|band|rank)\b|\bbetween (?:levels|grades|bands)\b")
YEARS_LABEL = re.compile(rf"\b(?:{YEARS_LABELS})\b")
TIME_IN_RANK = re.compile(r"\btime in\b|\bminimum time\b|\bbefore promotion\b")
# A length of time: "18 months", "twelve to eighteen months", "a two-year contract", "3-5 PQE", "three or more
# years", "at least a year" (not "once a year", "30 years old").
DURATION = re.compile(
    rf"\b(?:\d+(?:[.,]\d+)?|{NUMBER_WORD})\s*(?:\+|plus)?(?:\s*(?:-|–|to|or)\s*(?:\d+(?:[.,]\d+)?|{NUMBER_WORD}))?"
    r"\s*\+?[\s-]*(?:or more |or longer |full |calendar )?(?:years?|yrs|months?|pqe)\b(?!\s+(?:old|ago))"
    r"|\b(?:at least|more than|over|a full) an? (?:year|month)\b",
    re.IGNORECASE,
)
# A line of years: "8 years or more in road transport", "Typically 5+ years in IT support" (not "Dip CII; ACII
# expected within 2 years").
YEARS_FIRST = re.compile(
    rf"\W*(?:(?:typically|usually|normally|at least|minimum|over|around|about)\s+)*(?:{DURATION.pattern})", re.I
)
UNKNOWN_CAP = 5  # words no guide uses, counted up to this many (chosen on held-out log loss: docs/quality.md)
FORM_ODDS = 0.05  # a question of a form less likely than this to be about the guides at all is of no form
# The heading of a list of what a level requires: "Experience and qualifications", "Entry requirements".
REQUIRED = re.compile(
    r"^\W*(?:(?:entry|minimum|essential|key|promotion) )?(?:requirements?|criteria|eligibility|qualifications?"
    r"|experience and qualifications|qualifications and experience|what you(?:'ll| will)? need)\W*$",
    re.IGNORECASE,
)
# Moving up to a level, its name right after: "you can advance to Senior Product Manager", "To become a Team
# Leader you need", not "sits on the promotion committee" or "sponsors their promotion cases".
MOVING_TO = re.compile(
    r"\b(?:advanc\w*|progress\w*|promot\w*|mov(?:e|es|ed|ing)|step(?:s|ped|ping)? up|becom\w*|reach\w*"
    r"|appointed|get(?:ting)? promoted)(?: (?:directly|straight|up))?(?: (?:to|into|as))?(?: an?| the)? $",
    re.IGNORECASE,
)
CUE_BONUS = 0.25  # a sentence using its form's cue words, over its similarity to the question
NEAR_HIT = 0.1  # a hit this close to the top is as well found by the search: what its sentence says decides
SAYS_MORE = 2  # words asked a near hit's sentence must have beyond the top's (one more lost PM questions)
WORDS_BONUS = 0.25  # as CUE_BONUS: a sentence with all the question's words, over its similarity
ROW_SLACK = 0.1  # a matrix cell this much less close to a "first" question still does what it asks
# "When do I first get to hire", "at what level do PMs start interviewing": when something is first done.
ASKS_WHEN_FIRST = re.compile(
    r"\b(?:when|level|rung|grade|stage|point|seniority|band)\b.*\b(?:first|start|starts|begin|begins)\b(?!-)"
)
# "Who do drivers report to?": a reporting line asked of someone, not who reports to someone ("how many people
# report to a team leader", "...reporting to me"), nor a report handed to someone ("who presents the annual report
# to the board": a determiner after no auxiliary).
ASKS_REPORTING_LINE = re.compile(
    r"(?<!\bwho )(?<!people )(?<!\bmany )(?<!anyone )(?<!someone )(?<!\bstaff )"
    r"\breport(?:s|ing)? (?:directly )?(?:to|into)\b(?! (?:me|us|you|them|him|her|it)\b)|\breporting line\b"
)
HANDED_REPORT = re.compile(
    r"\b(?!(?:do|does|did|will|would|should|shall|can|could|may|might|must|of|in|on|at|for|with|from)\b)\w+ "
    r"(?:the|an?|our|its|my|this|that|your|their) (?:[\w&'’-]+ ){0,4}reports? (?:to|into)\b"
)
# "What does a lead analyst report to the executive committee?": what is reported, not to whom.
ASKS_WHAT_IS_REPORTED = re.compile(r"^what (?:do|does|did|should|will|would|must|can)\b.*\breports? (?:to|into) \w")
HANDING_OVER = re.compile(r"\b(?:report|present|brief|updat)")
# "Line-manages the billing and cashiering teams", "Manages the area's supervisors and inspectors": whom a level
# manages, which says whom they report to.
MANAGES = re.compile(r"\b(?:line[- ])?manag(?:e|es|ing)\b")
# A rank's word before a level's name: "a Senior Purser", "the Chief Underwriter", "an Associate Partner".
RANKED = re.compile(  # not "a more senior VP"
    r"(?<!more )(?<!most )(?<!less )"
    r"\b(?:senior|sr|chief|principal|lead|head|staff|associate|deputy|assistant|executive)\s+$"
)
NO_VERB = "be|have|get|need|do|does|the|a|an|able"  # after "still", what no question asks is still done
SAYS_FIRST = re.compile(r"\b(?:for the first time|first (?:[\w-]+ ){0,2}(?:level|rung|grade|step|role|position)s?)\b")
# The verb a "still" question asks about, past an adverb: "still just sit in on", "still actually code"
STILL_VERB = re.compile(
    r"\bstill (?:(?:just|only|really|actually|ever|also|regularly|personally|even) )?"
    rf"(?!(?:{NO_VERB}|just|only)\b)([a-z]{{3,}})\b"
)
LIMIT_STEMS = frozenset(stems(LIMIT_WORDS, frozenset()))  # "above", "up to": no matter a limit is on
ANYONE = frozenset(stems(words("people anyone anybody someone somebody others stuff things anything any"), frozenset()))
BARE_WORDS = 3  # a skill's name, not a sentence: "People management", "Stakeholder communication"
# "above the News Editor's weekly limit", "beyond a Senior Associate's authority": past what a level may approve
PAST_A_LEVEL = re.compile(
    r"\b(?:above|over|beyond|exceeding|more than|past|outside)\s+(?:the |an? |my |their |what )?"
    r"(?P<whom>[\w .&-]{2,60}?)(?:'s|’s|s')?\s+"
    r"(?:(?:own|usual|weekly|monthly|yearly|annual|daily|approval|spending|spend|sign-off|signing|delegated|financial)\s+)*"
    r"(?:limits?|authority|threshold|ceiling|can (?:approve|sign off))\b"
)
# "Who approves a £20,000 loan?", "which level signs...": a question asking whose something is.
ASKS_WHO = re.compile(r"\s*(?:who|whose|which|what (?:level|grade|band|role|job|rank|position))\b")
# "Who approves...": the deed asked about (not "who is", "who does", "who should").
WHO_DOES = re.compile(
    r"^\s*who\s+(?!(?:is|are|was|were|does|do|did|can|could|should|would|will|has|have|had|gets?|else)\b)([a-z]+s)\b"
)
# Words of a "when do I first..." question that say nothing of whose ladder it is asked.
GENERIC = frozenset(
    stems(
        words(
            "when first start starts begin begins level levels rung stage point seniority ladder career "
            "role job i you we they one someone people person usually typically normally expected allowed get "
            "become becomes ever actually really"
        ),
        frozenset(),
    )
)
# "Lead a threat modelling session yourself", "negotiate pricing myself instead of just listening in".
DOES_IT_ITSELF = re.compile(
    r"\b(?:lead|run|own|myself|yourself|themselves|directly|independently|instead of|rather than|not just"
    r"|actually|primary)\b"
)
# A matrix cell's sentence that only takes part in what it names ("Takes part in threat modelling sessions").
TAKES_PART = re.compile(r"(?:takes? part in|observes?|shadows?|helps?|assists?|supports?|learns?|sits? in on)\b")
DENIAL_REACH = 4  # words after a "not" that it denies ("does not negotiate directly")
NEGATIONS = frozenset({"not", "cannot", "never", "no", "without"})
DENIES = re.compile(r"\b(?:not|cannot|never|no longer|without)\b|n['’]t\b")  # "does not negotiate directly"
# A "Reports to" cell states a reporting line as nothing else does: it comes before any sentence (a cosine <= 1).
CELL_FIRST = 1.0
NO_SUCH = re.compile(
    r"\b(?:no|without|not)\b(?: \w+){0,5} "
    r"(?:direct reports|reports|people management|line management|management responsib)"
)
OWN_REACH = 30  # characters after a match in which "with their manager" makes it the level's own
# 1:1s and reviews that are the level's own with its manager ("hold regular 1:1s with their manager"), or a peer's
OWN_MANAGER = re.compile(
    r"\bwith (?:their|his|her|your|a|the) (?:own )?(?:line )?(?:manager|mentor|lead|supervisor|coach)\b|\bpeer\b"
)
STOPS_DOING = re.compile(r"\b(?:stop|stops|stopped|stopping|no longer|give up|gives up|hand over|hands over)\b")
COMMON_WORD = 0.1  # the share of passages a word may be in and still tell what a question asks ("team" is in more)
ABBREVIATION = 4  # the fewest letters of a word no guide uses that may be short for one they do ("calcs")
PEOPLE_MANAGEMENT = "people management"  # the cue (index/data/cues.json) whose work is managing other levels
# A question about a level's years or reporting line, which a table's row of those facts answers.
ASKS_A_FACT = re.compile(
    r"\b(?:years?|experience|reports?|reporting|manager|managed|boss|line|grades?|bands?|scales?|pay|salary)\b"
)
# A table's column of a level's pay ("Typical pay", "Salary minimum"), not of its grade or band.
# "Salary range NL", "Salary range – Canada": a country's
PAY_COLUMN = re.compile(
    rf"^(?:{SALARY_LABELS}|{EARNINGS_LABELS})(?: [a-z]{{2}}|\s*[-–]\s*[a-z]+(?: [a-z]+)?)?$"
)  # "Salary", "Pay range - London", "OTE" (a sales level's on-target earnings)
RANGE_COLUMN = re.compile(r"^(?:minimum|midpoint|maximum|min|mid|max)$")  # a pay range's, beside its currency
FILE_POINTER = re.compile(
    r"^\W*(?:see|read|view|download|open|find|visit)\b.*\((?:pdf|docx?|xlsx?|odt|ods|csv|pptx?)\b[^)]*\)\W*$", re.I
)
SUMS = re.compile(r"\d{1,3}(?:[,.]\d{3})+\s*(?:[-–]|to)\s*\d{1,3}(?:[,.]\d{3})+")  # "31,000–38,000"
SUM = re.compile(rf"[£$€]\s?\d|{CODED_AMOUNT}|\d{{4,}}|\d{{1,3}}(?:\.\d{{3}})+\b|\d\.\d\d\b", re.I)
# Forms whose answer states a fact of their kind at the level asked about: without one, the guide does not say.
STATED_FORMS = frozenset({"report_to", "reports_of", "still", "without", "experience", "pay", "promotion"})
YES_NO = "does|do|is|are|can|could|will|would|should|must|may|did|has|have"
# "Do PMs still do data analysis?": a change the guide states at that level answers only if it is about what is
# asked: the question without its level names at least this close to the change's sentence, and sharing a word.
STILL_ABOUT = 0.19
CHANGE_WORDS = 4  # how far after a change's wording what changes is named ("shifts from writing specifications")
# How a difference is asked, as stems: the words of "how is X different from Y?" that ask about no topic.
PAIR_WORDS = frozenset({"differ", "diff", "vs", "versus", "compar", "between"})
# A difference asked about a topic ("DS2 vs DS3 on experiment design", "... when it comes to on-call").
ABOUT_A_TOPIC = re.compile(
    r"\b(?:on|when it comes to|in terms of|regarding|with (?:regard|respect) to|around)\s+(?!(?:the|a|an) difference)"
    r"(?!(?:that|this|it|them|top|average|paper)\b)"
    r"(?!(?:the |my |our |a |this )?(?:[\w-]+ )?(?:team|teams|ladder|track|matrix|org|side)\b)[a-z]"  # "on my team"
)
# "How does on-call differ between E1 and E2?": the topic before the difference.
TOPIC_FIRST = re.compile(
    r"^\W*how (?:does|do|is|are|will|would) (?!(?:the |my |your |a )?(?:job|role|work|position|level|life|day|things?"
    r"|expectations?|responsibilit(?:y|ies))\b)(?P<topic>[\w-]+(?: [\w-]+){0,3}?) (?:differ|change|vary)\b"
)
# The forms' own words, not what a "still" or "first" question asks about.
FORM_WORDS = frozenset(
    stems(
        words(
            "still keep keeping stop stops stopping longer anymore first start begin level role rung grade point stage"
        ),
        frozenset(),
    )
)
# A sentence stating how a level differs from another ("The difference from an Accountant is ownership").
STATES_A_DIFFERENCE = re.compile(
    r"\bdifference (?:from|between|with)\b|\bunlike\b|\bdiffers? from\b|\bcompared (?:with|to)\b|^where\b"
)
ITEMS = (Section.RESPONSIBILITY, Section.COMPETENCY, Section.SKILLS)  # what a level does, item by item
CHANGES_LEAD = re.compile(
    r"^\W*(?:what changes|moving (?:up )?to|(?:the )?(?:main |key )?differences?)\b", re.IGNORECASE
)
HEADING_WORDS = 10  # an introduction of one line this short, with no full stop, is a heading
# "On the EM track", "per the D-level ladder": which ladder, by a word that names none of its levels.
ON_A_LADDER = re.compile(r"\b(?:on|in|for|per|according to) (?:the |our |this )?[\w-]+ (?:track|ladder|career path)\b")
# "Which EM level", "what developer role": the word before "level" says which ladder, not what a level does.
QUALIFIED_LEVEL = re.compile(r"\b(?:which|what) [\w-]+ (?=(?:level|role|rung|grade)s?\b)")
# "When do I first become / get to be / reach...": how a level is reached, not what it does.
BECOMING = frozenset(stems(words("become becoming get gets getting reach reaching make"), frozenset()))
# What a "first" question asks beside the thing it asks of a level: "first own a P&L" asks of the P&L.
LIGHT_VERBS = frozenset({"own"})
# Words BM25 skips that a question can still ask about ("at what level do I first own a product").
ASKED_VERBS = frozenset({"own", "make", "makes", "need", "get", "gets", "job", "person", "day"})

# "What does OKR stand for?": what a term means, which only a guide using the term can say.
ASKS_MEANING = re.compile(
    r"^(?:what (?:does|do|is) (?:an? |the )?(?:(?:term|acronym|abbreviation|word) )?(?P<term>[\w&/-]+) "
    r"(?:mean|stand for|short for)"
    r"|(?:the )?(?:(?:term|acronym|abbreviation) )?(?P<alone>[\w&/-]+) (?:meaning|definition)"
    r"|what(?:'s| is|s) (?:an? |the )?(?P<short>[A-Za-z&]{2,6}))\W*$"  # "what's AEO": an acronym alone
)


# What a question asks for: its wh-word ("how long" apart from "how"), else yes or no ("can I...", "if..., do I...").
WH_WORD = re.compile(
    r"\b(?:what|which|who|whom|whose|when|where|why|how(?: (?:long|often|much|many|soon|far))?)(?=\b|'s|s\b)"
)
# An auxiliary opens a yes-or-no question, "am" and "may" only before their subject (not "AM car allowance",
# "May pay review"); within it ("if I become an AM, can I go back?") one before its subject; "can you tell me"
# asks for what follows.
SUBJECT = r"(?:i|you|we|they|he|she|it|there|an?|the|my|our|your|their|this|that|anyone|(?:\w+ )?\w+s)\b"
ASKING = "do|does|did|is|are|can|could|will|would|should|must"  # auxiliaries that open a question
OPENS_YES_NO = re.compile(
    rf"(?!(?:can|could) you (?:tell|give|show|explain|list)\b)(?:(?:{ASKING}|has|have|(?:do|does|is|are|can)n't)\b"
    rf"|(?:am|may) {SUBJECT})"
)
ASKS_YES_NO = re.compile(rf"(?:[,;:.]\s*|\bif\b[^,?]*?\s)(?:{ASKING}|am) {SUBJECT}")


def question_kind(text: str) -> str | None:
    """ "how long", "what", "yes/no": the kind of answer a question wants; None for a phrase that asks nothing."""
    text = text.lower().replace("’", "'").strip()
    if OPENS_YES_NO.match(text):  # "do I need to know what a PRD is?"
        return "yes/no"
    if (wh := WH_WORD.search(text)) is not None:
        return "who" if wh.group(0) in ("whom", "whose") else wh.group(0)
    # "if I become an AM, can I go back?", "I'm remote, am I on the US band?"
    return "yes/no" if ASKS_YES_NO.search(text) else None


def meaning_asked(text: str) -> re.Match[str] | None:
    """The match of a question asking what a term means, its quotes left out ("what does 'OKR' stand for")."""
    return ASKS_MEANING.match(re.sub(r"[\"'‘’“”]", "", text).strip())


EARNS = re.compile(r"\b(?:earns?|make|makes|making|paid|gets? paid)\b")  # what a level is paid
# The words of a question that asks only which level is next to another ("once I reach PM, what exactly comes next").
NEIGHBOUR_WORDS = frozenset(
    stems(
        words(
            "what which who is are comes come exactly right just directly there called name title next once now "
            "when reach reached become becoming usually typically normally"
        ),
        frozenset(),
    )
)


@dataclass(frozen=True, slots=True)
class AnswerModel:
    """P(the sentence answers the question) = sigmoid(weights · features + bias); below `threshold`, no answer.

    `domain_*` says whether a question is about the guides at all (from the
    top passage's cosine): below it, an unanswered question is "unrelated",
    above it (or naming a level), "not_covered".
    """

    weights: tuple[float, ...]
    bias: float
    domain_weight: float
    domain_bias: float
    threshold: float = 0.5

    def confidence(self, features: np.ndarray) -> float:
        return _sigmoid(float(np.dot(self.weights, features) + self.bias))

    def in_domain(self, cosine: float, odds: float = 0.5) -> bool:
        """Whether a question whose top passage has this cosine is about the guides, at least at `odds`."""
        return _sigmoid(self.domain_weight * cosine + self.domain_bias) >= odds

    @classmethod
    @cache
    def default(cls) -> AnswerModel:
        data = read_data("ask.json")
        return cls(
            weights=tuple(float(data["weights"][f]) for f in FEATURES),
            bias=float(data["bias"]),
            domain_weight=float(data["domain"]["weight"]),
            domain_bias=float(data["domain"]["bias"]),
            threshold=float(data["threshold"]),
        )


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(x, 50.0), -50.0)))


def fit_logistic(features: np.ndarray, labels: np.ndarray, *, l2: float = 1e-2) -> tuple[np.ndarray, float]:
    """Logistic regression by Newton's method: small, exact, and no dependency to pin. Returns (weights, bias)."""
    x = np.hstack([features, np.ones((len(features), 1))])
    w = np.zeros(x.shape[1])
    penalty = l2 * np.diag([1.0] * features.shape[1] + [0.0])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -50, 50)))
        gradient = x.T @ (p - labels) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w[:-1], float(w[-1])


@dataclass(frozen=True, slots=True)
class Form:
    name: str
    cues: re.Pattern[str]
    patterns: tuple[tuple[re.Pattern[str], str], ...]  # (pattern, where the answer is: named, next, pair, asked)
    asks: re.Pattern[str] | None = None  # the question's words that tell the form when no pattern matches
    changes: re.Pattern[str] | None = None  # a change's wording, followed by what changes ("shifts from writing")


@cache
def employment_terms() -> tuple[re.Pattern[str], ...]:
    """Pay, hours, place, degrees, benefits...: topics a question may ask of a level that its passages seldom cover."""
    data = read_data("terms.json")
    return tuple(re.compile(pattern) for topic, pattern in data.items() if not topic.startswith("_"))


def what_it_says(passage: Passage) -> str:
    """A passage's text, and a table row's columns' headers ("Pay band"), which say what its cells are."""
    return f"{passage.heading or ''}\n{passage.text}" if row_cells(passage) else passage.text


ASKS_PAY = re.compile(rf"{read_data('terms.json')['pay']}|\bcomp\b|\bmake\b")  # a question about pay
HEADER_WORD = 3  # a column header's word the question uses outweighs its terms of employment ("pay")
PLACE_BREAK = re.compile(r"\s·\s|;\s|\s\|\s|\n")  # between one place's sum and the next's
WHAT_HAPPENS = re.compile(r"\bwhat (?:happens|counts)\b")
ASKS_ABOUT_MANAGING = re.compile(r"\b(?:line manager|report\w*|manag(?:e|es|ed|ing)|boss|under|works? for)\b", re.I)
# "Reports to: Support Team Lead", "Reports to the CIO and sits on...": whom, up to what says more
REPORTS_LINE = re.compile(
    rf"^\W*(?:{REPORTS_LABELS})\b:?\s*(?:the )?(?P<whom>(?:(?! (?:and|with|for|who|on) )[^\n.,;•(])*)", re.I | re.M
)
PAY_WORDS = frozenset({"base", "salary", "pay", "band", "range", "per", "year", "a", "to", "comp", "ote"})
# A sum beside these words is a deal's, a budget's or a limit's, not pay: "agreements above $150k ARR".
NOT_PAY = re.compile(
    r"\b(?:arr|acv|tcv|mrr|revenue|turnover|budgets?|deals?|quotas?|pipeline|spend|limits?|indemnity"
    r"|orders?|loans?|lending|tenders?|write-offs?)\b"
)


def unstated_terms(question: str, passage: str) -> bool:
    """Whether the question asks about a term of employment ("remote", "MBA") that the passage never mentions; a
    sum of money ("£25,800 – £27,900 per year.") mentions pay."""
    question, passage = question.lower(), passage.lower()
    paid = any(not NOT_PAY.search(passage[max(0, m.start() - 40) : m.end() + 40]) for m in MONEY.finditer(passage))
    if paid or SUMS.fullmatch(passage.strip()):  # or a range of sums alone, a pay row's cell
        passage += "\npay"
    return any(term.search(question) and not term.search(passage) for term in employment_terms())


@cache
def work_terms() -> tuple[re.Pattern[str], ...]:
    """The terms of employment only work has (not "hours" or "tools": a canteen has opening hours; not a "360";
    not a city, but working from home)."""
    data = read_data("terms.json")
    return tuple(re.compile(data[topic]) for topic in ("pay", "benefits", "education", "hiring", "remote"))


@cache
def forms_data() -> dict:
    return read_data("forms.json")


# A name ends a word (not "lead" in "leadership"), but for a plural, and may have another in brackets ("(D4)").
ALSO_CALLED = r"(?=s?(?![\w-]))(?: \([\w -]{1,20}\))?"


def head_nouns(names: LevelNames) -> list[str]:
    """The job each level's title ends in ("nurse" of "Senior Staff Nurse", "engineer" of "Data Engineer I")."""
    nouns = {
        found[-1]
        for title in names.titles.values()
        for part in title.split("/")
        if (found := [w for w in re.findall(r"[a-z]+", part.lower()) if len(w) > 2 and not re.fullmatch("[ivx]+", w)])
    }
    return sorted(nouns, key=lambda w: (-len(w), w)) or ["(?!)"]


def compile_forms(names: LevelNames) -> tuple[Form, ...]:
    """The question forms, their `{level}` placeholders made the ladders' own level names."""
    out = []
    # "a Band 6 nurse", "a Band 8a staff nurse", "an L5 engineer": a coded name, then the job its titles name
    job = rf"(?:(?:(?<=\d)|(?<=\d[a-z])) (?:[a-z]+ )?(?:{'|'.join(map(re.escape, head_nouns(names)))})s?(?![\w-]))?"
    for name, spec in forms_data().items():
        if name.startswith("_") or "cues" not in spec:  # a comment, or the "becoming" wordings
            continue
        patterns = []
        for pattern, rule in spec["patterns"]:
            expanded = (
                pattern.replace("{how_long}", ASKS_HOW_LONG.pattern)
                .replace("{level}", f"(?P<level>{names.names}){ALSO_CALLED}{job}")
                .replace("{other}", f"(?P<other>{names.names}){ALSO_CALLED}{job}")
                .replace("{a}", f"(?P<a>{names.names}){ALSO_CALLED}{job}")
                .replace("{b}", f"(?P<b>{names.names}){ALSO_CALLED}{job}")
            )
            patterns.append((re.compile(expanded), rule))
        asks = re.compile(spec["asks"]) if "asks" in spec else None
        changes = re.compile(spec["changes"], re.IGNORECASE) if "changes" in spec else None
        out.append(Form(name, re.compile(spec["cues"], re.IGNORECASE), tuple(patterns), asks, changes))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class AskedForm:
    form: Form
    levels: tuple[tuple[str, int], ...]  # where the answer is: (doc, level number)
    pair: tuple[tuple[str, int], tuple[str, int]] | None = None  # (lower, higher) of a comparison
    anywhere: bool = False  # asked of every level ("which level no longer writes PRDs")


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    passage: Passage
    confidence: float
    levels: tuple = ()  # the levels a comparison answers from, lower first


@dataclass(frozen=True, slots=True)
class Decision:
    answer: Answer | None
    reason: str | None  # None when answered; "not_covered" or "unrelated"
    features: np.ndarray
    sentence: str | None  # the sentence that would have answered (also below the threshold)
    passage: Passage | None = None  # and its passage
    declined: bool = False  # null whatever the model says: the guide has no sentence of the question's form
    # Asked of several ladders without saying which, each one's answer ("what does an AD do?"): no one answer.
    by_ladder: tuple[Answer, ...] = ()


FIGURE_SLACK = 0.1  # how much less close than the closest sentence one stating a figure may be, to answer "how much"
STILL_DOES = re.compile(rf"\bstill (?!(?:{NO_VERB})\b)([a-z]{{3,}})\b")  # "still work"
LED = r"(?:people|a team|teams|staff)\b"  # whom a question of having led asks about, and its years of leading
HAVING_LED = re.compile(rf"\bhaving (?:managed|led|line[- ]managed|supervised|run) {LED}")
YEARS_LEADING = rf"\byears?\b[^.;]{{0,60}}\b(?:leading|managing|line[- ]managing|supervising) {LED}"
# "Can I become a Staff Engineer without becoming a manager?": only a level said to manage no one answers.
WITHOUT_MANAGING = re.compile(
    r"\bwithout (?:ever |first )?(?:becoming|being|going into|moving into|taking on|having to be) (?:an? |the )?"
    r"(?:people |line )?(?:manager|management|team lead|leader)\b"
    r"|\bwithout (?:managing|leading) (?:people|a team|anyone)\b"
)
MANAGES_NO_ONE = re.compile(
    r"(?<!manages )(?<!leads )(?<!of )\bindividual contributors?\b"  # not "manages a team of individual contributors"
    r"|\b(?:no|without|not have|n't have) (?:any )?direct reports\b"
    r"|\b(?:does|do) not (?:manage|line[- ]manage) (?:people|anyone|staff)\b"
)
SHIFT_WORK = re.compile(r"\b(?:shifts?|nights?|on-?call|on call|rotas?|weekends?)\b", re.IGNORECASE)

# "Who writes the PRDs?", "at which level do I...": the answer is a level, which an introduction is not.
ASKS_FOR_A_LEVEL = re.compile(
    r"^(?:who|whom|whose)\b(?!.*\bfor\W*$)"  # not "who is the ladder for?"
    r"|\b(?:which|what) (?:level|rung|grade)s?\b(?! of\b)"  # not "what level of detail"
    r"|\bwhich (?:\w+ )?(?:role|job|position)s?\b"  # "which fundraising role...", not "what role does X play"
)


def also_cued(asked: AskedForm, pattern: str) -> AskedForm:
    """The asked form, its sentences also found by the pattern."""
    cues = re.compile(f"{asked.form.cues.pattern}|{pattern}", re.IGNORECASE)
    return replace(asked, form=replace(asked.form, cues=cues))


def names_alternation(names: set[str]) -> str:
    """Lower-cased names as one alternation, the longest first; a guide's lines may break inside a title."""
    return "|".join(r"\s+".join(map(re.escape, n.split())) for n in sorted(names, key=len, reverse=True)) or "(?!)"


# "Which jobs report to the Head of Department?": the manager the question names.
REPORTS_TO_WHOM = re.compile(
    r"\b(?:who|which|what)\b(?: \w+)? (?:reports?|answers?) (?:directly )?(?:to|into) (?:the |an? |their |our )?"
    r"(?P<whom>[\w&/ -]+?)\s*\??$",
    re.IGNORECASE,
)


# A matrix's row that sums each level up, as a heading ladder's overview does.
SUMMARY_ROW = re.compile(
    r"^(?:(?:role|job|level|position|job profile)\s+)?(?:purpose|summary|overview|profile|description)$"
)


# "What does a Level 1 TA do (day to day)?", "what is the role of a senior PM": what a level is and does,
# answered by what describes it first.
ROLE_ASKED = (
    r"^(?:so |and |but )?(?:"
    r"what (?:does|do) (?:an? |the )?{level}s?(?: \([^)]{1,30}\))? (?:\w+ )?do"
    r"(?: (?:day to day|day-to-day|all day|every day|each day|daily|at work|in (?:their|the|a) (?:job|role|day)))?"
    r"|what (?:is|'s) the (?:role|job) of (?:an? |the )?{level}"
    r")\W*$"
)


def sums_up(passage: Passage) -> bool:
    """A matrix's cell of the row that sums its level up ("Purpose", "Role summary")."""
    return passage.section is Section.COMPETENCY and bool(SUMMARY_ROW.match(squashed(passage.heading or "")))


def answering_hit(
    query: Query,
    hits: Sequence[SearchHit],
    unnamed: str,
    levels: frozenset[tuple[str, int]] = frozenset(),
    names_a_level: Callable[[Passage], bool] = lambda _: False,
) -> SearchHit:
    """The best hit that is more than a heading, and more than a row of years or a reporting line unless the
    question (`unnamed`: less its level names, which may say "Manager") asks about those ("what does a Charge
    Nurse do?" is not "Nurse Manager"); for a question that asks for a level, the best one of a level; of
    `levels` (those a yes-no question is about), the best one of them when there is one."""
    facts = bool(ASKS_A_FACT.search(unnamed))
    said = [h for h in hits if not is_heading(h.passage) and (facts or not stands_apart(h.passage))] or list(hits)
    if levels:
        of_them = (
            h for h in said if h.passage.level is not None and (h.passage.level.doc, h.passage.level.number) in levels
        )
        said = [next(of_them, said[0]), *said]
    if ASKS_FOR_A_LEVEL.search(query.normalized):  # or an introduction's row that names one ("Partner only")
        # not what readies a person for the level above: "Sits on the Executive Leadership Team" is that one's
        own = (h for h in said if (h.passage.level is not None and not readies(h.passage)) or names_a_level(h.passage))
        return next(own, said[0])
    return said[0]


def states_a_requirement(passage: Passage) -> bool:
    """A level's degree, certificate or licence ("Education: BSc or MSc"), under its label; not a sales matrix's
    "Qualification" row of work ("Qualifies complex deals...")."""
    return bool(ASKS_A_REQUIREMENT.search(fact_label(passage))) and not DOES_FIRST.match(passage.text)


# A line's opening verb of work a level does ("Qualifies complex deals", "Owns the certification checklist"), not
# of what it holds or has passed.
DOES_FIRST = re.compile(
    r"\W*(?!(?:Bachelors|Masters|Holds|Has|Is|Completes|Passes|Gains|Obtains|Achieves|Requires|Needs)\b)[A-Z][a-z]+s\b"
)


def stands_apart(passage: Passage) -> bool:
    """A level's fact that answers only a question about it: a row of years or a reporting line, a pay grade."""
    label = fact_label(passage)
    reporting = passage.level is not None and bool(REPORTING_LINE.match(passage.text.strip()))
    return states_a_fact(passage) or bool(PAY_ROW.match(label) or REPORTS_ROW.match(label)) or reporting


def own_years(passage: Passage) -> bool:
    """A level's line or row of the years it takes to reach it ("Typical experience: 2-4 years", "0-2 years PQE"
    under "Typical PQE"); not its time in rank before the next ("3-5 years" under "Typical time in rank")."""
    label = passage.context.lower()
    return not TIME_IN_RANK.search(label) and (years_only(passage) or bool(YEARS_LABEL.search(label)))


def is_heading(passage: Passage) -> bool:
    """An introduction that is one short line and no sentence ("Data Analyst Track - effective January 2024")
    names the ladder and says nothing of it."""
    text = passage.text.strip()
    return (
        passage.section == Section.INTRO
        and passage.heading is None  # not a table's row under its header ("Matter, Who signs off")
        and "\n" not in text
        and len(text.split()) <= HEADING_WORDS
        and not text.endswith((".", "!", "?"))
    )


def asks_reporting_line(question: str) -> bool:
    """Whether a (lower-cased) question asks whom someone reports to."""
    said = ASKS_REPORTING_LINE.search(question)
    return bool(said) and not HANDED_REPORT.search(question) and not ASKS_WHAT_IS_REPORTED.search(question)


def table_cell(passage: Passage, column: re.Pattern[str]) -> tuple[int, int] | None:
    """The span of a table row's cell under the column the pattern names: "Head of Customer Support" in the
    row "5+ years<tab>Head of Customer Support" (or "5+ years | Head of Customer Support") under the headers
    "Typical experience, Reports to"; a matrix's cell in the row (or column) the pattern names; or a level's
    line under that label ("Reports to: Managing Director")."""
    if passage.heading is None:
        return None
    if names_column(column, passage.heading):
        return stripped(passage.text, 0, len(passage.text))
    for header, (start, end) in row_cells(passage) or ():
        if names_column(column, header) and (cell := stripped(passage.text, start, end)) is not None:
            return cell
    return None


def stripped(text: str, start: int, end: int, trailing: str = "") -> tuple[int, int] | None:
    """The span of text[start:end] without the whitespace around it (at its end, the `trailing` characters in
    place of whitespace when given); None when nothing is left."""
    piece = text[start:end]
    head, tail = len(piece) - len(piece.lstrip()), len(piece.rstrip(trailing or None))
    return (start + head, start + tail) if tail > head else None


def header_at(passage: Passage, at: int) -> str:
    """The header of the table row's cell holding offset `at` of the passage ("" outside a row's cells)."""
    return next((header for header, (start, end) in row_cells(passage) or () if start <= at < end), "")


def names_column(column: re.Pattern[str], header: str) -> bool:
    """Whether a header is the column the pattern names, all of it: "Reports to", not "Working under pressure"."""
    header = bare_header(header)
    found = column.search(header)
    return found is not None and found.group(0).strip() == header


class Answerer:
    """Answers questions over one searcher's index."""

    def __init__(self, searcher: Searcher, model: AnswerModel | None = None) -> None:
        self.searcher = searcher
        self.model = model or AnswerModel.default()
        self.names = searcher.level_names
        self.forms = compile_forms(self.names) if self.names is not None else ()
        # "When I make PM, will I still be assisting a senior PM?": the level the asker becomes is the one asked.
        self.becoming = (
            tuple(
                re.compile(p.replace("{level}", f"(?P<level>{self.names.names})"))
                for p in forms_data()["becoming"]["patterns"]
            )
            if self.names is not None
            else ()
        )
        # "Does a CPO manage a budget?": a yes-no question about a level, which another level's passage cannot answer.
        self.yes_no = (
            re.compile(rf"^(?:{YES_NO}) (?:an? |the )?(?:{self.names.names})s?(?![\w-])")
            if self.names is not None
            else None
        )
        # singular names, as a form's {level} matches them ("paralegals" is no longer name than "paralegal")
        self.any_name = re.compile(rf"(?<![\w-])(?:{self.names.names})(?![\w-])") if self.names is not None else None
        # "What does a Level 1 TA do?": its level's work, not the ladder's introduction that names it.
        self.role_of = (
            re.compile(ROLE_ASKED.replace("{level}", f"(?:{self.names.names})")) if self.names is not None else None
        )
        self.of_level = (
            re.compile(rf"^what (?:does|do|should|must) (?:an? |the )?(?:{self.names.names})s? (?!do\W*$)\w+")
            if self.names is not None
            else None
        )
        index = searcher.index
        self.cues = default_cues()
        self.positions = {p.id: i for i, p in enumerate(index.passages)}
        self.by_level: dict[tuple[str, int], list[int]] = {}
        self.unleveled: dict[str, list[int]] = {}  # a ladder's introduction and other passages of no level
        self._lower_managed: dict[tuple[str, int], re.Pattern[str]] = {}  # see _manages_lower
        # "How you grow" under D1: what readies a person for D2, filed under another level than the one it is of
        self.readying: dict[int, tuple[str, int]] = {}
        levels = index.levels
        for i, p in enumerate(index.passages):
            if (level := spoken_of(p, levels)) is not None:  # "To move to PM-2 you show that you:" lists PM-2's
                self.by_level.setdefault((level.doc, level.number), []).append(i)
                if level != p.level:
                    self.readying[i] = (level.doc, level.number)
            else:
                self.unleveled.setdefault(p.source.doc, []).append(i)
        # the acronyms the guides write in capitals ("AEO", "P&L"), one space apart, and the codes ("L4")
        said = [f"{p.heading or ''} {p.text}" for p in index.passages]
        self.capitals = " ".join(sorted({w for text in said for w in re.findall(r"\b([A-Z][A-Z&]{1,5})s?\b", text)}))
        self.codes_written = {w.lower() for text in said for w in re.findall(r"\b[A-Za-z]{1,3}\d{1,2}\b", text)}
        # what the guides write and call their levels, in lower case: a name only the conventions know is not theirs
        self.written = " ".join([*said, *(f"{lv.title} {lv.short}" for lv in index.levels)]).lower()

    def residual_text(self, query: Query, where: SearchFilter = SearchFilter()) -> str | None:
        """The question without its level names (those of the level its form asks about, when it has one):
        what it asks about those levels. Acronyms are spelled out, as for the question's own vector."""
        if self.names is None:
            return None
        rest = self._unnamed(query, self.read_form(query, where))
        if rest == squashed(query.normalized):
            return None
        rest = spell_out(rest, self.searcher.lexicon)[0]  # once the names are out: "VP" is a name, "PRD" is not
        # "What is a Head of Product?" leaves only stopwords: it asks about the level itself.
        asks_something = any(w not in self.searcher.lexicon.stopwords for w in words(rest))
        return rest if asks_something else None

    def _unnamed(self, query: Query, asked: AskedForm | None) -> str:
        """The question, lower-cased, without its level names (only the asked level's, when its form has one:
        its other names are what it asks, as in "help out a senior PM")."""
        text = squashed(query.normalized)
        if self.names is None:
            return text
        if asked is not None and asked.pair is None:
            return " ".join(self.names.without_names_of(text, asked.levels).split())
        return " ".join(self.names.without_names(text).split())

    def _mentions(self, question: str, sentence: str) -> bool:
        """Whether the sentence is about what the question asks: it has one of the question's own words (beyond
        the "still" form's), the acronyms as typed among them, or an acronym's meaning as a whole ("writing
        specifications" answers "still write PRDs" by "writing"; "product areas" does not)."""
        lexicon = self.searcher.lexicon
        have = set(stems(words(sentence), lexicon.stopwords))
        typed = self._asked_words(question)
        # A word no guide uses and no dictionary knows may be short for one the sentence has ("calcs" for
        # "calculations"; "serve" is no "service").
        known, postings = self.searcher.vocabulary.known_words, self.searcher.bm25.postings
        short = [
            stem
            for w in words(question)
            if len(w) >= ABBREVIATION and w not in known and w.rstrip("s") not in known
            for stem in stems([w], lexicon.stopwords)
            if stem not in postings
        ]
        return (
            bool(typed & have)
            or any(h.startswith(w) for w in short for h in have)
            or any(set(stems(words(meaning), lexicon.stopwords)) <= have for meaning in meanings(question, lexicon))
        )

    def _changes(self, question: str, sentence: str, *, form: Form) -> bool:
        """Whether the sentence states a change of what the question asks: a change's wording followed within
        a few words by one of the question's own words ("shifts from writing specifications" for "which level
        no longer writes PRDs"; not "transitioning from other fields" for "stops managing a product")."""
        if form.changes is None:
            return False
        typed, stopwords = self._asked_words(question), self.searcher.lexicon.stopwords
        return any(
            typed & set(stems(words(sentence[m.end() :])[:CHANGE_WORDS], stopwords))
            for m in form.changes.finditer(sentence)
        )

    def _names_all(self, asked: set[tuple[str, bool]], sentence: str, passage: Passage) -> bool:
        """Whether the passage of a sentence has every word the question asks about, verbs BM25 skips too, and a
        person ("managers") apart from the act ("management"): "first manage people" is the GPM's "first level
        of formal people management"; "first manage a budget" is not "the first management level", "first manage
        managers" not the GPM's, nor "first manage a team" a first level of managing managers; and "which level is
        first?" asks nothing a sentence could have. `asked` is the question's `_word_keys`."""
        # "the first level at which you manage other managers" is no first level of managing a team
        others = {(stem, True) for stem, person in asked if not person} - asked
        text = passage.text.lower()
        for name in title_names(passage.level.title) if passage.level else ():  # "An Engineering Manager leads"
            text = text.replace(name, " ")  # names the level: no "managers" of its own
        return (
            bool(asked)
            and asked <= self._word_keys(text, frozenset())
            and not others & self._word_keys(sentence, frozenset())
        )

    @staticmethod
    def _word_keys(text: str, stopwords: frozenset[str]) -> set[tuple[str, bool]]:
        keys = set()
        for word in words(text):
            if word not in stopwords:
                keys.update((stem, word.endswith(("er", "ers"))) for stem in stems([word], frozenset()))
        return {(stem, person) for stem, person in keys if stem not in FORM_WORDS}

    def _asked_words(self, question: str) -> set[str]:
        """The stems of what a "still" question asks about: its words less the form's own ("still", "level")."""
        return set(stems(words(question), self.searcher.lexicon.stopwords)) - FORM_WORDS

    def read_form(self, query: Query, where: SearchFilter, skip: tuple[str, ...] = ()) -> AskedForm | None:
        """The question's form and the levels it asks about; `skip` names forms not to read."""
        text = query.normalized.strip(" ?!.").replace("’", "'")  # "who’s the manager of..."
        if self.names is not None and self.names.neighbours_asked(text):
            asked = self._neighbour_asked(query, text, where)
            if asked is not None:
                return asked
            text = self.names.naming_the_neighbour(text).lower()  # "who does the role below GPM report to"
        for form in self.forms:
            for pattern, rule in form.patterns if form.name not in skip else ():
                m = pattern.search(text)
                if not m:
                    continue
                if rule == "pair":
                    a, b = self._levels_named(m.group("a"), where), self._levels_named(m.group("b"), where)
                    pair = self._pair(a, b)
                    if pair is not None:
                        return AskedForm(form, (pair[1],), pair)
                    continue
                if rule == "asked":  # the level is named elsewhere in the question ("as an APM, who is my boss")
                    named = self._levels_asked(query, where)
                elif rule == "any":  # the question asks which level ("which level no longer writes PRDs")
                    kept = self._kept(where)
                    named = sorted(key for key, at in self.by_level.items() if kept is None or kept.intersection(at))
                    docs = self._first_doer(query)  # "when does a PM first manage people?": of the PM ladders
                    named = [key for key in named if key[0] in docs] or named
                elif (
                    m.group("level") is None
                    or self._in_a_longer_name(text, m.span("level"))
                    or self.names.starts_another_title(text, m.end("level"), m.group("level"))
                ):
                    continue  # "a Paralegal Manager" is no Paralegal's manager, "the VP of Engineering" no VP
                elif form.name == "level" and not re.search(
                    rf"(?<!\w){re.escape(m.group('level'))}s?(?!\w)", self.written
                ):
                    continue  # "where does a product owner fit": the guide never says, though PM is its name too
                else:
                    named = self._levels_named(m.group("level"), where)
                    if form.name == "progression" and m.groupdict().get("other"):  # any level on the way says
                        named = self._on_the_way(self._levels_named(m.group("other"), where), named)
                if rule == "next":
                    following = self.names.following if self.names is not None else {}
                    named = [following[level] for level in named if level in following]
                if named:
                    return AskedForm(form, tuple(named), anywhere=rule == "any")
        return (self._rung_asked(text, where) if "rung" not in skip else None) or self._cued(query, text, where)

    def _on_the_way(self, start: list[tuple[str, int]], end: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """The levels from one of `start` up to one of `end` of the same ladder ("from Chef de Partie to Sous
        Chef": the Junior Sous Chef's passage says who may skip it), `end` last; `end` when none is above one
        of `start`."""
        way = [
            (doc, n)
            for doc, top in end
            for low in (n for d, n in start if d == doc and n < top)
            for n in range(low, top + 1)
            if (doc, n) in self.by_level
        ]
        return list(dict.fromkeys(way)) or end

    def _naming(self, level: tuple[str, int]) -> Callable[[str, Passage], bool]:
        """Whether a sentence is of `level`, or names it: on the way to a level, only those say how to get
        there ("...a Chef de Partie may move directly to Sous Chef" of the Junior Sous Chef)."""

        def names(sentence: str, passage: Passage) -> bool:
            at = passage.level  # "How you grow" under D1 says how to reach D2
            key = self.readying.get(self.positions[passage.id]) or (at and (at.doc, at.number))
            if key == level:
                return True
            return self.names is not None and level in self.names.levels_in(sentence)

        return names

    @staticmethod
    def _timed_way(query: Query, asked: AskedForm | None) -> bool:
        """Whether the question asks how long the way from one level to another takes."""
        way = asked is not None and asked.form.name == "progression" and len(asked.levels) > 1
        return way and bool(ASKS_HOW_LONG.match(query.normalized.lower()))

    def _timings(
        self, asked: AskedForm, keep: Callable[[str, Passage], bool]
    ) -> tuple[Callable[[str, Passage], bool], ...]:
        """Of `keep`'s sentences, those that can say how long the way to the level takes, surest first:
        1. a time spent at the level it starts from, said there or naming it ("2 years as a Declarant"), naming no
           level off the way; not the level's own years ("3-5 years PQE" is its whole experience), nor the start's
           ("0-2 years PQE" is what reaching it took), but the start's time in rank;
        2. one naming levels off the way too, of the level or naming the step's both ends ("18 months at IC3
           before a promotion to IC4, ... above IC1"; not "SDRs move into AE within 12 to 24 months");
        3. a sentence on moving up from a level on the way ("Progression from C1 to C2 depends on...");
        4. the ladder's rule for every step ("not on time served", "at the next level for at least six months")."""
        start, end = asked.levels[0], asked.levels[-1]
        way, doc = set(asked.levels), end[0]
        # "3–6 years as a Declarant": the start by its title's last word (a word, not "II" or "C+E"); not "senior
        # leadership" for its name
        last = (self.names.title_of(start).split() or [""])[-1].lower() if self.names is not None else ""
        as_start = (
            re.compile(rf"\bas (?:an? |the )?{re.escape(last)}s?\b") if last.isalpha() and len(last) > 3 else None
        )
        start_named = self._names_pattern(start, lone_words=False)

        def named(sentence: str) -> set[tuple[str, int]]:
            return {key for key in self.names.levels_in(sentence) if key[0] == doc} if self.names else set()

        def of_years(passage: Passage) -> bool:  # a row's time is under its years or time in rank, not "Ramp"
            cells = row_cells(passage)
            return cells is None or any(
                DURATION.search(passage.text[slice(*cell)])
                and (YEARS_LABEL.search(header) or TIME_IN_RANK.search(header))
                for header, cell in cells
            )

        def level_of(passage: Passage) -> tuple[str, int] | None:
            return (passage.level.doc, passage.level.number) if passage.level is not None else None

        def timed(sentence: str, passage: Passage, *, alone: bool) -> bool:
            if not DURATION.search(sentence) or not of_years(passage):
                return False
            said, levels, at = sentence.lower(), named(sentence), level_of(passage)
            # "1,5 years" under "Minimum time in grade before promotion"
            if at == start and TIME_IN_RANK.search(passage.context.lower()):
                return True
            if (at == start and (own_years(passage) or "experience" in said)) or not keep(sentence, passage):
                return False
            of_start = at == start or (start in levels and start_named is not None and bool(start_named.search(said)))
            of_start |= not levels - way and as_start is not None and bool(as_start.search(said))
            return of_start and (levels <= way if alone else at == end or {start, end} <= levels)

        def moving_up(sentence: str, passage: Passage) -> bool:
            levels = named(sentence)
            return (
                bool(asked.form.cues.search(sentence.lower()))
                and bool(levels - {end})
                and levels <= way
                and keep(sentence, passage)
            )

        def ladder_wide(sentence: str, passage: Passage) -> bool:
            said, at = sentence.lower(), level_of(passage)
            if passage.source.doc != doc or at not in (None, start, end):
                return False
            # of moving up: not "a pay rise is not automatic"
            moving = bool(asked.form.cues.search(said) or MOVING_UP.search(said) or YEARS_LABEL.search(said))
            every_step = at is None and EVERY_STEP.search(said) and DURATION.search(sentence)
            return moving and bool(NOT_BY_TIME.search(said) or every_step)

        return partial(timed, alone=True), partial(timed, alone=False), moving_up, ladder_wide

    def _a_row_naming_a_level(self, passage: Passage) -> bool:
        """A table row of no level that names one in a cell: "Conflicts check clearance | Partner only"."""
        return row_cells(passage) is not None and self.names is not None and self.names.names_any(passage.text)

    def _in_a_longer_name(self, text: str, span: tuple[int, int]) -> bool:
        """Whether a level name the text has at `span` is part of a longer one ("Paralegal" of "Paralegal
        Manager")."""
        if self.any_name is None:
            return False
        return any(
            m.start() <= span[0] and span[1] <= m.end() and m.end() - m.start() > span[1] - span[0]
            for m in self.any_name.finditer(text)
        )

    def _form(self, name: str) -> Form | None:
        return next((f for f in self.forms if f.name == name), None)

    def _neighbour_asked(self, query: Query, text: str, where: SearchFilter) -> AskedForm | None:
        """A text asking for a neighbour ("the role above VP", "the level below VP") and nothing else of it: the
        question's levels already are the neighbours of those it names."""
        form = self._form("next")
        if form is None or self.names is None:
            return None
        rest = self.names.without_names(self.names.without_neighbour_wordings(text))
        if EARNS.search(rest) or any(term.search(rest) for term in work_terms()):  # "what does it make"
            return None
        rest_stems = stems((w.split("'")[0] for w in words(rest)), self.searcher.lexicon.stopwords)
        if set(rest_stems) - NEIGHBOUR_WORDS:  # "what skills does the level below the CPO need": the VP's skills
            return None
        named = self._levels_asked(query, where, becoming=False)
        return AskedForm(form, tuple(named)) if named else None

    def _rung_asked(self, text: str, where: SearchFilter) -> AskedForm | None:
        """The first rung of the product ladder: a question for a ladder's top or bottom naming no level."""
        rung = self._form("rung")
        if rung is None or self.names is None or self.names.pattern.search(text):
            return None
        ends = [keys for wordings, keys in self.names.ends.values() if wordings.search(text)]
        named = sorted(k for keys in ends for k in keys if where.docs is None or k[0] in where.docs)
        return AskedForm(rung, tuple(named)) if len(ends) == 1 and named else None

    def _cued(self, query: Query, text: str, where: SearchFilter) -> AskedForm | None:
        """A form told by the question's words alone ("whose team will I sit under as an APM"), at the
        highest level it names (the lowest for a reporting line: the one who reports), when the guide
        has a sentence of that form there; a reporting line it does not state is asked all the same, so
        that it is not covered ("is a VP accountable to the board")."""
        named = sorted(k for k in query.levels if where.docs is None or k[0] in where.docs)
        # Not by a level's own name: "what does a Supervisor do?" asks for no supervisor.
        unnamed = self.names.without_names(text) if self.names is not None else text
        told = [form for form in self.forms if form.asks is not None and form.asks.search(unnamed)]
        if ASKS_WHAT_IS_REPORTED.search(text.lower()):
            told = [form for form in told if form.name != "report_to"]
        if len(told) != 1 or not named:
            return None
        form = told[0]
        if form.name in ("difference", "without"):  # X and Y; Y without X: two levels of one ladder
            pair = self._pair(named[:1], named[-1:])
            if pair is None:
                return None
            if form.name == "difference":
                return AskedForm(form, (pair[1],), pair)
            named = [pair[1]]
        elif form.name == "report_to":
            named.reverse()
            named = self._of_the_first_named(text, named)
        chosen = {doc: number for doc, number in named}  # per ladder, for a name several ladders share
        asked = AskedForm(form, tuple(sorted(chosen.items())))
        return asked if self._states(asked) or form.name == "report_to" else None

    def _of_the_first_named(self, text: str, named: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """The levels of the ladder of the level named first, when that name is one ladder's: who reports ("backend
        staff engineer - do they report to an engineering manager or a director?")."""
        first = self.names.pattern.search(text.lower()) if self.names is not None else None
        if first is None or self.names is None:
            return named
        ladders = {key[0] for key in self.names.owners_of(first.group(0)) if key in named}
        return [key for key in named if key[0] in ladders] if len(ladders) == 1 else named

    def _states(self, asked: AskedForm) -> bool:
        """Whether the levels a form asks about have a sentence of its kind (a reporting line, a change)."""
        if asked.form.name == "reports_of":
            return bool(self._reports_of(asked))
        passages = self.searcher.index.passages
        return any(
            self._says_its_form(asked, i, passages[i].text, asked.form.cues)
            or self._cell(asked, passages[i]) is not None
            for i in self._candidates(asked)
        ) or (asked.form.name == "report_to" and bool(self._managers_of(asked)))

    def _nicknamed(self, query: Query, levels: Sequence[tuple[str, int]]) -> bool:
        """Whether levels of several ladders are named only by a short name the ladders do not give them
        ("director" for the Director of Nursing and the Design Director), not by a title or code ("PM")."""
        if len({doc for doc, _ in levels}) < 2:
            return False
        text = query.normalized.lower()
        named = [
            any(  # each word may be plural: "Heads of Marketing"
                re.search(
                    r"(?<![\w-])" + r"\s+".join(re.escape(w) + "s?" for w in name.lower().split()) + r"(?![\w-])", text
                )
                for name in (*title_names(lv.title), lv.short)
            )
            for lv in self.searcher.index.levels
            if (lv.doc, lv.number) in levels
        ]
        return not any(named)

    @staticmethod
    def _cell(asked: AskedForm, passage: Passage) -> tuple[int, int] | None:
        """A reporting line's table cell: a "Reports to" column's, or a matrix's "Reports to" row's; a level's
        pay cells ("Salary minimum | Salary maximum": from the first to the last)."""
        if asked.form.name == "report_to":
            return table_cell(passage, asked.form.cues)
        if asked.form.name != "pay":
            return None
        cells = row_cells(passage) or []
        pay = [k for k, (header, _) in enumerate(cells) if PAY_COLUMN.match(bare_header(header))]
        pay = pay or range_columns(cells)  # "Currency | Minimum | Midpoint | Maximum"
        spans = [cells[k][1] for n, k in enumerate(pay) if k == pay[0] + n]  # the run of pay columns from the first
        if not spans and (cell := table_cell(passage, PAY_COLUMN)) is not None:  # a "Pay: £12.45" line
            spans = [cell]
        # a sum ("£38,000", "£12.45"), not a band's name ("K4", "Grade 12")
        spans = [(start, end) for start, end in spans if SUM.search(passage.text[start:end].replace(",", ""))]
        return (spans[0][0], spans[-1][1]) if spans else None

    def _managers_of(self, asked: AskedForm) -> list[tuple[int, tuple[int, int]]]:
        """Another level's sentences saying it manages the asked level ("Manages a team of 6-10 Account
        Executives"): a reporting line the asked level's own passages may not state."""
        passages, found = self.searcher.index.passages, []
        for key in asked.levels:
            manages = self._managing(key)
            if manages is None:
                continue
            others = tuple(k for k in self.by_level if k[0] == key[0] and k != key)
            for position in self._candidates(AskedForm(asked.form, others)):
                text = passages[position].text
                found += [
                    (position, span) for span in sentence_spans(text) if manages.search(text[slice(*span)].lower())
                ]
        return found

    def _managing(self, level: tuple[str, int]) -> re.Pattern[str] | None:
        names = self._names(level)
        # "Manages a team of ... Account Executives"; "...as its line manager, ... including a Lead Data Analyst"
        manages = r"\b(?:manag(?:es?|ing)\b[^.;:]{0,40}?|as (?:its|their) line manager\b[^.;:]{0,60}?)"
        return re.compile(rf"{manages}(?<![\w-])(?:{names})s?(?![\w-])") if names else None

    def _reports_of(self, asked: AskedForm) -> list[tuple[int, tuple[int, int], int]]:
        """The sentences saying who reports to the asked level: its own about the team it leads, or another
        level's that it reports or works to, under or for it ("You work under a senior PM", not "a PM"); each
        with how well it says which level reports: 2, its own naming them ("They manage the Finance Managers");
        1, another level's, or its "Reports to" cell; 0, its own naming none ("leads Group Finance")."""
        if len({doc for doc, _ in asked.levels}) != 1:  # "a senior" is a level of several ladders: which one?
            return []
        passages, found = self.searcher.index.passages, []
        for key in asked.levels:
            own = set(self._candidates(AskedForm(asked.form, (key,))))
            ladder = tuple(k for k in self.by_level if k[0] == key[0])
            under = self._reporting_to(key)
            below = self._named_anywhere(tuple(k for k in ladder if k[1] < key[1]))
            named = self._named_anywhere((key,))
            report_to = self._form("report_to")
            for position in self._candidates(AskedForm(asked.form, ladder)):
                text = passages[position].text
                # A level whose "Reports to" cell is the asked level ("Charge Nurse | ... | Nurse Manager").
                cell = table_cell(passages[position], report_to.cues) if report_to and position not in own else None
                if cell is not None and named.search(text[slice(*cell)].lower()):
                    found.append((position, cell, 1))
                    continue
                for span in sentence_spans(text):
                    sentence = squashed(text[span[0] : span[1]])  # lines may break anywhere
                    if position in own:
                        if asked.form.cues.search(sentence):
                            found.append((position, span, 2 * bool(below.search(sentence))))
                    elif under is not None and under.search(sentence):
                        found.append((position, span, 1))
        return found

    def _reporting_to(self, level: tuple[str, int]) -> re.Pattern[str] | None:
        names = self._names(level)
        if names is None:
            return None
        verbs = r"\b(?:reports?|reporting|works?|working|sits?|sitting) (?:directly )?(?:to|under|into|for)"
        return re.compile(rf"{verbs} (?:an? |the |their |your |one )?(?:{names})s?(?![\w-])")

    def _levels_named(self, name: str, where: SearchFilter) -> list[tuple[str, int]]:
        owners = sorted(self.names.owners_of(name)) if self.names is not None else []
        return [o for o in owners if where.docs is None or o[0] in where.docs]

    def _levels_asked(self, query: Query, where: SearchFilter, *, becoming: bool = True) -> list[tuple[str, int]]:
        """The level the asker becomes, if the question says; else the levels it names most clearly (a full
        name over a name shared with the profession)."""
        text = query.normalized.replace("’", "'")
        for wording in self.becoming if becoming else ():
            found = wording.search(text)
            named_there = self._levels_named(found.group("level"), where) if found else []
            if named_there:
                return named_there
        named = {k: w for k, w in query.levels.items() if where.docs is None or k[0] in where.docs}
        top = max(named.values(), default=0.0)
        return sorted(k for k, w in named.items() if w == top)

    @staticmethod
    def _pair(a: list, b: list) -> tuple[tuple[str, int], tuple[str, int]] | None:  # type: ignore[type-arg]
        for first in a:
            for second in b:
                if first[0] == second[0] and first[1] != second[1]:
                    return (min(first, second), max(first, second))
        return None

    def decide(
        self,
        query: Query,
        hits: Sequence[SearchHit],
        vector: np.ndarray,
        residual: np.ndarray | None,
        where: SearchFilter = SearchFilter(),
    ) -> Decision:
        """The answer to a question, from its search's hits and its vector (and its residual's, see above)."""
        # Pay, leave, degrees, hiring, reviews ("the notice period"): about work, whatever the guides say of them.
        about_work = bool(query.levels) or any(term.search(query.normalized) for term in work_terms())
        if not hits:
            return Decision(None, "not_covered" if about_work else "unrelated", np.zeros(len(FEATURES)), None)
        asked = self.read_form(query, where)
        if asked is not None and asked.form.name == "still" and SHIFT_WORK.search(self._unnamed(query, asked)):
            # "Does a ward manager still work nights?": a sentence of that work says ("Works a night shift...")
            asked = also_cued(asked, SHIFT_WORK.pattern)
        if asked is not None and asked.form.name == "still" and (done := STILL_DOES.search(query.normalized.lower())):
            # "Do shift managers still work on the line?": "Shift Managers do not work on the line" says
            asked = also_cued(
                asked, rf"\b(?:do|does|will) not {done[1]}\b|\b(?:do|does)n['’]t {done[1]}\b|\bnever {done[1]}"
            )
        if asked is not None and asked.form.name == "without" and HAVING_LED.search(query.normalized.lower()):
            # "...without ever having managed people?": the level's years of leading people say
            asked = also_cued(asked, YEARS_LEADING)
        position, span = self._form_answer(query, asked, vector, residual)
        first_asked = asked is not None and asked.form.name == "first"
        asks_first = first_asked or bool(ASKS_WHEN_FIRST.search(query.normalized.lower()))
        none_does = False  # the question's ladder has no level that does what it asks first
        # "When do I first get to hire?": a level called the first to manage says nothing of hiring.
        if (asked is None or first_asked) and asks_first and not self._does_asked(query, position, span):
            found, found_span, none_does = self._first_by_cue(query, vector, where)
            if found is not None or none_does:
                position, span = found, found_span
            level = self.searcher.index.passages[position].level if position is not None else None
            if (first := self._form("first")) is not None and level is not None:
                asked = AskedForm(first, ((level.doc, level.number),))  # answered in the first form's way
        if first_asked and position is None:  # no level is called the first
            asked = self.read_form(query, where, skip=("first", "rung"))  # "the lowest level where...": no rung
            position, span = self._form_answer(query, asked, vector)
        # "What does QBR stand for?": only a sentence that spells the acronym out says.
        acronym = self._acronym_asked(query) if asked is None else None
        if acronym is not None:
            spelled = self._spelled_out(acronym, where)
            if spelled[0] is None and self._asks_briefly(query):  # "what's a CPO": what the level is, as before
                acronym = None
            else:
                position, span = spelled
        allowed = self.searcher.allowed(where)
        if position is not None and allowed is not None and position not in allowed:  # a filter the form ignored
            position, span = None, None
        # "Does a Principal Security Engineer still mentor people?": with no change said, the level's sentence
        # that does it ("...and mentors Staff engineers")
        plainly = asked is not None and asked.form.name == "still" and position is None
        if plainly:
            position, span = self._still_does(query, asked, residual if residual is not None else vector)
        # "Who does the VP report to?": the guide states no VP's reporting line, whatever a VP sentence says.
        stated_form = asked is not None and asked.form.name in STATED_FORMS
        unstated = stated_form and (position is None or not (plainly or self._states(asked)))
        # "How long from C4 to C5?": no sentence times that way, and the levels' own years are no answer
        unstated |= position is None and self._timed_way(query, asked)
        # "Who does the regional director report to?": "director" is a nickname of levels of two ladders.
        unstated |= asked is not None and asked.form.name == "report_to" and self._nicknamed(query, asked.levels)
        # "The level below senior" in ten ladders is ten different levels: which one is not said.
        if asked is not None and asked.form.name in ("next", "meaning") and self.names is not None:
            titles = {self.names.title_of(k) for k in asked.levels}
            unstated |= len(titles) > 1
        if asked is not None and asked.form.name == "still" and position is not None and span is not None:
            about = dict(self._sentences(position, residual if residual is not None else vector)).get(span, -1.0)
            sentence = self.searcher.index.passages[position].text[span[0] : span[1]]
            unstated |= about < STILL_ABOUT or not self._mentions(self._unnamed(query, asked), sentence)
        described = None  # the passage that describes the level a question asks what it does
        column_named = False  # the answer is the cell of a column the question names, of the level it names
        if position is None or unstated:  # no form, or its levels have no sentence to give: the best passage's
            asked = None
            of_levels = self._asked_of(query, where)
            unnamed = self._unnamed(query, None)
            facts = bool(ASKS_A_FACT.search(unnamed))
            top = answering_hit(query, hits, unnamed, of_levels, self._a_row_naming_a_level)
            hits = [top, *(h for h in hits if h is not top)]  # its margin is its lead over the best other hit
            position = self._saying_more(query, hits, top, vector).position  # that margin kept: the search's
            if (self._role_asked(query) or self._asked_of_level(query)) and not self._of_levels(position, of_levels):
                closest = self._closest_of(of_levels, vector, where, facts=facts)
                position = closest if closest is not None else position
            # "What does a Programmer I do?": what describes the level first, not its "Moving to Programmer II" line
            if self._role_asked(query) and len(of_levels) == 1:
                described = self._describing(next(iter(of_levels)), where)
            position = described[0] if described is not None else position
            if self._role_asked(query) and self._of_levels(position, of_levels) and described is None:
                # "What does an SD2 do?" in a matrix: its "Purpose" row says, not its coaching cell
                position = self._summary_row(position) or position
                found = self.searcher.index.passages[position]
                if states_a_requirement(found) or stands_apart(found) or years_only(found):
                    # ... nor its "Qualifications" cell, its years or its pay: what a level needs is not what it does
                    position = self._closest_of(of_levels, vector, where, requirements=False) or position
            # "What is the billable hours target for a Senior Associate?": the NQ's "1,600 hours" is no answer.
            named = frozenset() if ASKS_FOR_A_LEVEL.search(query.normalized) else self._of_one_title(query, where)
            # ... nor is the Chef de Partie's certificate what a sous chef needs: a requirement is its level's too.
            at = self.searcher.index.passages[position].level
            figure = bool(ASKS_A_FIGURE.search(query.normalized.lower()))
            if (
                named
                and (figure or ASKS_A_REQUIREMENT.search(unnamed))
                and at is not None
                and not self._of_levels(position, named)
            ):
                found = self._closest_of(named, vector, where, facts=True, figures=figure)
                unstated |= figure and found is None
                position = found if found is not None else position
            # "How should a receptionist handle a guest complaint?": the Receptionist's, not another ladder's.
            if named and self.searcher.index.passages[position].source.doc not in {doc for doc, _ in named}:
                found = self._closest_of(named, vector, where, facts=facts)
                position = found if found is not None else position
            span = self._asked_cell(query, position)
            if span is None:
                span = self._faq_answer(query, position) or self._best_sentence(query, position, vector)
                # "AE quota": the "Quota" cell of the Account Executive's row, not a paragraph on ramped quotas
                cell = self._named_cell(query, named, where) if named else None
                if cell is not None and self._cell_says_more(query, cell, (position, span), named):
                    (position, span), column_named = cell, True
            # "What qualification does a Transport Manager need?": a course, licence or degree of the level, not
            # its years, its heading "Knowledge and qualifications" or a duty naming a certificate
            if named and ASKS_A_REQUIREMENT.search(unnamed) and not column_named:  # not "training captain pay"
                found = self._qualification(query, named, position, span, vector, where)
                unstated |= found is None
                position, span = found or (position, span)
        question, past = self._past_a_level(query.normalized.lower(), where)
        if asked is None and ASKS_WHO.match(question) and amounts(question):
            # "Who approves a £20,000 loan?": the level whose limit admits it, not one whose limit leaves it out
            # ("can a senior associate approve £10,000?" is answered by its limit of £5,000 all the same)
            position, span, left = self._within_limits(question, position, span)
            unstated |= left or (past is not None and self._of_levels(position, frozenset((past,))))
        # "When do I first get to hire", "at what level do PMs start interviewing": in a matrix, its row's first
        first_like = asked is None and asks_first
        if first_like:
            position, span = self._first_in_row(query, position, span, vector)  # its margin stays the row's
        position, span = self._said_in_full(query, position, span, vector)
        passage = self.searcher.index.passages[position]
        unstated |= asked is None and self._about_another_level(query, passage)
        unstated |= self._another_manager(query, passage.text[span[0] : span[1]])
        unstated |= self._only_its_manager(query, passage)
        # "When do data scientists first manage people?": a passage that does not manage people cannot say when.
        unstated |= first_asked and asked is None and not self._has_a_word(query, position)
        unstated |= none_does
        unstated |= self.names is not None and self.names.past_an_end(query.normalized, where.docs)
        unstated |= self._unknown_rank(query.normalized.lower())
        unstated |= self.names is not None and self.names.code_past_an_end(query.raw, where.docs, self.codes_written)
        unstated |= asked is None and self._term_unused(query.normalized)
        unstated |= acronym is not None and not spells_out(acronym, passage, span)
        # "The commission difference between a Sales Manager and a Director": a form's sentence is no answer
        # to a term of employment its passage never mentions.
        unstated |= asked is not None and unstated_terms(self._unnamed(query, asked), what_it_says(passage))
        # "What does an LD do?" answered by the Legal Director's overview is a question of a form, its answer's
        role = self._role_asked(query) and (
            passage.section in (Section.OVERVIEW, Section.ROLE) or described is not None
        )
        role = role and self._of_levels(position, self._asked_of(query, where))
        form = asked is not None or bool(acronym) or role or column_named
        if described is not None and described[0] == position:
            span = described[1]
        elif role:  # its first sentence says what the level is ("A Junior Sous Chef supervises...")
            span = first_sentence(passage.text) or self._sentence(passage, None)
        if asked is not None and asked.form.name == "pay":  # "ae ote us": the "OTE" column's, not "Base salary"
            span = self._asked_cell(query, position, by_words=True) or cue_line(passage.text, span, asked.form.cues)
        span = self._place_asked(query, passage, span)
        features = self._features(query, hits, vector, residual, position, form, where)
        confidence = self.model.confidence(features)
        text = passage.text[span[0] : span[1]]
        # "When do I first negotiate pricing directly?" is not "...; does not negotiate directly", nor a level
        # whose other passage says "Staff Nurses do not take charge of the ward" ("...to the nurse in charge").
        if first_like:
            asks = self._row_asks(query, passage.source.doc)
            level = (passage.level.doc, passage.level.number) if passage.level is not None else None
            said = [self.searcher.index.passages[i].text for i in self.by_level.get(level, ())] if level else []
            unstated |= self._denies(query, text, asks, said)
        unstated |= text.rstrip().endswith("?")  # an FAQ's question of its own, with no answer after it
        # "...without becoming a manager?" is not answered by "typically requires a minimum of 8 years"
        unstated |= bool(WITHOUT_MANAGING.search(query.normalized.lower())) and not MANAGES_NO_ONE.search(text.lower())
        # "Who do drivers report to?" is not answered by "...writes the report for the Transport Manager".
        unstated |= asked is None and not self._states_a_reporting_line(query, passage, span)
        # "Who approves write-offs?" is not answered by "...; cannot approve write-offs."
        deed = WHO_DOES.match(query.normalized.lower())
        unstated |= asked is None and deed is not None and self._only_denies(text, deed.group(1))
        if unstated:
            return Decision(None, "not_covered", features, text, passage, declined=True)
        # "How to solve a rubik's cube for beginners": a form's word ("beginners", the lowest rung) in a question
        # about nothing the guides cover is no question of that form; a rung is asked of by one word alone.
        one_word = (
            asked is not None
            and asked.form.name == "rung"
            and not ASKS_ABOUT_LEVELS.search(query.normalized)
            and self.searcher.jobs.ladder_named(query.normalized, names_a_level=True) is None  # "beginners in support"
        )
        odds = 0.5 if one_word else FORM_ODDS
        if asked is not None and not self.model.in_domain(hits[0].dense, odds) and not self._names_a_level(query):
            return Decision(None, "unrelated", features, text, passage, declined=True)
        if confidence < self.model.threshold:
            named = bool(query.levels) or self._names_a_level(query)
            # a question in one of the forms ("when do I first...") asks about levels, whatever its words
            about_levels = named or about_work or asked is not None or acronym is not None
            reason = "not_covered" if about_levels or self.model.in_domain(hits[0].dense) else "unrelated"
            return Decision(None, reason, features, text, passage)
        levels = ()
        if asked is not None and asked.pair is not None:
            by_key = {(lv.doc, lv.number): lv for lv in self.searcher.index.levels}
            levels = tuple(by_key[key] for key in asked.pair)
        # a matrix's "✓", a rating's "Working", says so of its row's name
        rating = len(text.split()) == 1 and not any(c.isdigit() for c in text) and row_cells(passage) is None
        if passage.heading and (rating or not any(c.isalnum() for c in text)):
            text = f"{passage.heading}: {text.strip()}"
        if asked is not None and asked.form.name == "level" and passage.level is not None:
            text = f"{self._level_said(passage.level)}. {text.strip()}"  # "which level is X": the level, then why
        answer = Answer(text=text, passage=passage, confidence=round(confidence, 4), levels=levels)
        return Decision(answer, None, features, text, passage)

    def _unknown_rank(self, question: str) -> bool:
        """Whether a question names a rank of a level that no ladder has and no guide writes ("a Senior Purser"
        beside the Purser, "a Chief Underwriter"): another level's answer is not that rank's."""
        if self.any_name is None:
            return False
        found = list(self.any_name.finditer(question))
        for m in found:
            rank = RANKED.search(question[: m.start()])
            if rank is None or self._titled(rank.group(0).strip(), m.group(0)):
                continue
            said = question[rank.start() : m.end()]
            named = any(n.start() <= rank.start() and m.end() <= n.end() for n in found)
            if not named and not re.search(rf"(?<![\w-]){re.escape(said)}s?(?![\w-])", self.written):
                return True
        return False

    def _titled(self, word: str, name: str) -> bool:
        """Whether a rank's word is itself the title of a level of the ladder a name is of (the consultancy's E5
        is "Principal": a "principal engineer" is that level)."""
        docs = {doc for doc, _ in self.names.owners_of(name)} if self.names is not None else set()
        return any(lv.doc in docs and word in (lv.title.lower(), lv.short.lower()) for lv in self.searcher.index.levels)

    def _past_a_level(self, question: str, where: SearchFilter) -> tuple[str, tuple[str, int] | None]:
        """The (lower-cased) question with "above the News Editor's limit" read as the amount just past the ceiling
        that level's own sentences most on the matter set ("above £1,000" of "Approves freelance spend of up to
        £1,000 a week"), when it names one level and that level has one such ceiling; and that level (whose own
        sentence is then no answer)."""
        m = PAST_A_LEVEL.search(question)
        if m is None or self.names is None:
            return question, None
        kept = self._kept(where)
        named = [
            key
            for key in self.names.levels_in(m.group("whom"))
            if kept is None or kept.intersection(self.by_level.get(key, ()))
        ]
        if len(named) != 1:
            return question, None
        rest = f"{question[: m.start()]} {question[m.end() :]}"
        stopwords = self.searcher.lexicon.stopwords
        matter = set(stems(words(rest), stopwords)) - FORM_WORDS - LIMIT_STEMS
        # the ceilings on money or shares of the level's sentences most on the matter, of what the question names
        ceilings: dict[int, list[Limit]] = {}
        for position in self.by_level.get(named[0], ()):
            text = self.searcher.index.passages[position].text.lower()
            for span in sentence_spans(text):
                shared = len(matter & set(stems(words(text[slice(*span)]), stopwords)))
                bounds = [
                    b for b in limits(text[slice(*span)]) if b.high is not None and (is_money(b.unit) or b.unit == "%")
                ]
                if shared and bounds:
                    ceilings.setdefault(shared, []).extend(bounds)
        if not ceilings:
            return question, None
        kept = of_the_asked(rest, ceilings[max(ceilings)])
        unit = kept[0].unit  # "Up to £15,000 (UK) / €17,500 (Ireland)": the first currency's
        highs = {bound.high for bound in kept if bound.unit == unit}
        if len(highs) != 1:  # "loans up to £15,000 and overdrafts up to £5,000", asked of neither: which is not said
            return question, None
        past = f"above {written(Amount(highs.pop() or 0.0, unit))}"
        return f"{question[: m.start()]} {past} {question[m.end() :]}", named[0]

    def _within_limits(self, question: str, position: int, span: tuple[int, int]) -> tuple[int, tuple[int, int], bool]:
        """A sentence whose limits leave out the amount a (lower-cased) question asks about ("loans up to £15,000"
        for "a £20,000 loan") gives way to the sentence of its ladder on the same matter whose limit admits it most
        closely ("up to £25,000"); the third value says there is none. So does a sentence naming no such amount
        ("Sets discount approval rules" for "who can approve a 22% discount?"), to a ceiling that admits it."""
        passages = self.searcher.index.passages
        sentence = passages[position].text[span[0] : span[1]].lower()
        left = left_out(question, sentence)
        asked = amounts(question)
        # it admits it, or says who goes beyond
        if not left and any(a.same_unit(b.unit) for a in amounts(sentence) for b in asked):
            return position, span, False
        stopwords = self.searcher.lexicon.stopwords
        # the matter: what the question and the sentence share ("unsecured loan"), its figures aside
        matter = set(stems(words(question), stopwords)) & set(stems(words(sentence), stopwords))
        matter = {w for w in matter if not any(c.isdigit() for c in w)} - LIMIT_STEMS
        if not matter and not left:
            return position, span, False
        doc = passages[position].source.doc
        found = []
        for i, passage in enumerate(passages):
            if passage.source.doc != doc:
                continue
            for at in sentence_spans(passage.text):
                said = passage.text[at[0] : at[1]].lower()
                fit = tightest(question, said)
                # a floor ("any difference over £10") is what someone passes on, not what they may decide
                ceiling = fit is not None and (left or fit[0] != float("inf"))
                if ceiling and matter <= set(stems(words(said), stopwords)):
                    found.append((fit, i, at))
        if not found:
            return position, span, left
        _, i, at = min(found)
        return i, at, False

    def _states_a_reporting_line(self, query: Query, passage: Passage, span: tuple[int, int]) -> bool:
        """Whether a sentence answers a question's reporting line, when it asks one: it says who someone reports
        to, or it is a "Reports to" cell; or, asked what someone reports to another, it says what they report.
        Asked anything else but "who", a "Reports to" cell that only names a level answers nothing."""
        report_to = self._form("report_to")
        question = query.normalized.lower()
        if ASKS_WHAT_IS_REPORTED.search(question):  # "what do I report to the board": a sentence of reporting says
            return bool(HANDING_OVER.search(passage.text[span[0] : span[1]].lower()))
        if report_to is None:
            return True
        if not asks_reporting_line(question):  # "Do team leads still run assays?" is not "Reports to: QC Team Lead"
            cell = table_cell(passage, report_to.cues)
            in_cell = cell is not None and cell[0] <= span[0] and span[1] <= cell[1]
            said = passage.text[span[0] : span[1]]
            only_a_name = self.names is not None and not words(self.names.without_names(said))
            return not (in_cell and only_a_name) or bool(ASKS_WHO.match(question))
        sentence = passage.text[span[0] : span[1]].lower()
        reporting = re.search(r"\bwho (?:do|does|will|would|should) (?:the )?(.+?) report", question)
        stopwords = self.searcher.lexicon.stopwords
        asked = set(stems(words(reporting.group(1)), stopwords)) - GENERIC if reporting else set()

        def names_them(text: str) -> bool:
            return bool(asked) and asked <= set(stems(words(text), stopwords))

        def is_them(text: str) -> bool:  # "who does the SENCo report to" is not answered by theirs: "Reports to: SENCo"
            line = report_to.cues.search(text)
            manager = re.split(r"[,;.(•\n]|\bwho\b|\bwith\b", text[line.end() :] if line else text)[0]
            return bool(asked) and set(stems(words(manager), stopwords)) - GENERIC <= asked

        cell = table_cell(passage, report_to.cues)
        if cell is not None and cell[0] <= span[0] and span[1] <= cell[1]:
            return not is_them(passage.text[cell[0] : cell[1]].lower())
        filed = passage.category is not None and report_to.cues.search(passage.category.lower())  # "Reports to: ..."
        if filed or report_to.cues.search(sentence):
            return not is_them(sentence)
        # "who do supervisors and inspectors report to": "Manages the area's supervisors and inspectors" says
        managed = MANAGES.search(sentence)
        return managed is not None and names_them(sentence[managed.end() :])

    def _level_said(self, level: Level) -> str:
        """A level as an answer names it: its code and title ("C4 Customs Team Lead"), or its number and title,
        and where it stands in its ladder."""
        top = max(lv.number for lv in self.searcher.index.levels if lv.doc == level.doc)
        if any(c.isdigit() for c in level.short) and level.short.lower() not in level.title.lower():
            return f"{level.short} {level.title} (level {level.number} of {top})"
        return f"Level {level.number} of {top}, {level.title}"

    def _first_by_cue(
        self, query: Query, vector: np.ndarray, where: SearchFilter
    ) -> tuple[int | None, tuple[int, int] | None, bool]:
        """ "At what level do I first manage people?" where no level is called the first: the lowest level of the
        question's ladder (its filter's, the one it names, or the index's only one) with a sentence saying it does
        that work (index/data/cues.json), that sentence or one calling the level the first. The third value says
        the ladder does not say: none of its levels does it (an individual contributors' ladder), or the first
        that does is not among the levels the filter keeps. A question naming a level of several ladders ("when
        does a PM first manage people?" with two PM ladders) is answered from the one whose sentence is closest."""
        question = query.normalized.lower()
        asked = questioned_cues(question, self.cues)
        if len(asked) != 1 or STOPS_DOING.search(question):  # "when do I first stop having direct reports"
            return None, None, False
        (name,) = asked
        named = self._first_doer(query)
        if not named and (ladder := self.searcher.jobs.ladder_named(question)) is not None:  # "...in housekeeping?"
            named = frozenset({ladder})
        docs = where.docs or named or frozenset(ladder.doc for ladder in self.searcher.index.ladders)
        if len(docs) != 1 and (where.docs or not named):  # which ladder's is not said: the lowest of any is no answer
            return None, None, False
        cue = next(c for c in self.cues if c.name == name)
        kept = self._kept(where)
        found = [self._first_in(doc, cue, question, vector, kept) for doc in sorted(docs)]
        answers = [(similarity, position, span) for position, span, similarity in found if position is not None]
        if answers:
            _, position, span = max(answers, key=lambda a: a[0])
            return position, span, False
        return None, None, True

    def _first_doer(self, query: Query) -> frozenset[str]:
        """The ladders whose level a question names as the one who first does something ("when does a PM first
        manage people?"), not what is done ("when do I first lead a team", where Lead is a level too)."""
        head, first, _ = query.normalized.partition(" first ")
        if not first or self.names is None:
            return frozenset()
        return frozenset(doc for doc, _ in self.names.levels_in(head))

    def _first_in(
        self, doc: str, cue: Cue, question: str, vector: np.ndarray, kept: set[int] | None
    ) -> tuple[int | None, tuple[int, int] | None, float]:
        """`_first_by_cue` on one ladder: the sentence and its score, or none."""
        first = self._form("first")
        passages = self.searcher.index.passages
        levels = [positions for (at_doc, _), positions in sorted(self.by_level.items()) if at_doc == doc]
        # A level the ladder calls the first to do it ("the first level of the pathway with line management
        # responsibility") is the first, whatever a lower level's sentence seems to say.
        called = [
            positions
            for positions in levels
            if first is not None
            and any(  # in one clause: not "the first level at which you manage other managers: ... direct reports"
                first.cues.search(clause) and any(p.search(clause) for p in cue.answer)
                for i in positions
                for clause in re.split(r"[:;]", passages[i].text.lower())
            )
        ]
        for positions in called[:1] or levels:
            sentences = [(i, span, similarity) for i in positions for span, similarity in self._sentences(i, vector)]
            says = [(i, span, similarity) for i, span, similarity in sentences if self._does(cue, passages[i], span)]
            if not says:
                continue
            if kept is not None and not any(i in kept for i, _, _ in says):  # the first that does it is filtered out
                return None, None, -1.0
            # What the level is comes first: "A Support Team Lead manages a team of...", "the first level of formal
            # people management", before a skill's "People management and handling difficult conversations".
            summary = {i for i in positions if passages[i].section in (Section.OVERVIEW, Section.ROLE)}
            asked_words = self._cue_words(question, cue)
            called_first = [  # in one clause: not "the first level with hiring responsibility: the manager..."
                (i, span, similarity)
                for i, span, similarity in sentences
                if i in summary
                and first is not None
                and any(
                    first.cues.search(clause) and asked_words & self._said_of(cue, clause)
                    for clause in re.split(r"[:;]", passages[i].text[span[0] : span[1]].lower())
                )
            ]
            score, position, span = max(
                (similarity + CUE_BONUS * (i in summary), i, span)
                for i, span, similarity in says + called_first
                if kept is None or i in kept
            )
            return position, span, score
        return None, None, -1.0

    def _manages_lower(self, doc: str, number: int) -> re.Pattern[str]:
        """ "Manages the team leads": managing the holders of a lower level, named by a title of two words or
        more, or by a one-word title or acronym in the plural ("manages the analysts"; "manages analyst
        relations" manages no Analyst)."""
        key = (doc, number)
        if key not in self._lower_managed:
            titles = {
                name
                for p in self.searcher.index.profiles
                if p.level.doc == doc and p.level.number < number
                for name in (*title_names(p.level.title), *(a.lower() for a in p.aliases if a.isupper()))
            }
            several, one = {n for n in titles if " " in n}, {n for n in titles if " " not in n}
            self._lower_managed[key] = re.compile(
                rf"\b(?:line[- ])?manag(?:e|es|ing) (?:the |their |its )?"
                rf"(?:(?:{names_alternation(several)})s?|(?:{names_alternation(one)})s)(?![\w-])"
            )
        return self._lower_managed[key]

    @staticmethod
    def _cue_words(question: str, cue: Cue) -> set[str]:
        """The stems of the cue's name and of the words by which a question asks for its work ("get direct
        reports"), one of which a sentence calling its level the first must have ("the first management level"
        for people management, not for hiring)."""
        said = " ".join([cue.name, *(m.group(0) for p in cue.question for m in p.finditer(question))])
        return set(stems(words(said), frozenset()))

    def _said_of(self, cue: Cue, sentence: str) -> set[str]:
        """A sentence's stems less the words that say another cue's work ("the hiring manager" is hiring's
        manager, not a manager of people)."""
        for other in self.cues:
            if other is not cue:
                for pattern in other.answer:
                    sentence = pattern.sub(" ", sentence.lower())
        return set(stems(words(sentence), frozenset()))

    def _does_asked(self, query: Query, position: int | None, span: tuple[int, int] | None) -> bool:
        """Whether a form's sentence does the one cue's work the question asks for first (or asks none)."""
        if position is None or span is None:
            return False
        asked = questioned_cues(query.normalized.lower(), self.cues)
        cue = next((c for c in self.cues if c.name in asked), None) if len(asked) == 1 else None
        return cue is None or self._does(cue, self.searcher.index.passages[position], span)

    def _does(self, cue: Cue, passage: Passage, span: tuple[int, int]) -> bool:
        """Whether a sentence says its level does a cue's work ("Manages a team of 6-10 Account Executives"): not
        that it does not ("have no direct reports"), nor its own reporting line ("They report to the Finance
        Manager, who holds their monthly 1:1s")."""
        sentence = passage.text[span[0] : span[1]].lower()
        report_to = self._form("report_to")
        # "...carries no line management" anywhere in its passage: the level does not
        if NO_SUCH.search(passage.text.lower()) or (report_to is not None and report_to.cues.search(sentence)):
            return False
        # A denial of the match itself, a few words before it ("do not have direct reports"), not of the
        # sentence's other clauses ("manages a team of four, though they do not yet own the budget"); nor 1:1s
        # or reviews that are the level's own with its manager, or a peer's.
        patterns = list(cue.answer)
        if cue.name == PEOPLE_MANAGEMENT and passage.level is not None:  # "Manages the team leads and associates"
            patterns.append(self._manages_lower(passage.level.doc, passage.level.number))
        return any(
            not DENIES.search(" ".join(sentence[: m.start()].split()[-DENIAL_REACH:]) + " " + m.group(0))
            and not OWN_MANAGER.search(sentence[m.start() : m.end() + OWN_REACH])
            for p in patterns
            for m in p.finditer(sentence)
        )

    def _saying_more(self, query: Query, hits: Sequence[SearchHit], top: SearchHit, vector: np.ndarray) -> SearchHit:
        """Of the hits nearly as good as the top, the one whose passage mentions the terms of employment the
        question asks about when the top's does not ("when do I first go on call": "Takes on-call shifts...",
        not "Writes code ... as they go"), or whose answering sentence has more of the words it asks, its level
        names aside ("who gives final approval for promotions to Director...": the VP's "is the final approver
        of promotions to Director and Principal", not a Director's sentence)."""
        stopwords = self.searcher.lexicon.stopwords
        unnamed = self._unnamed(query, None)
        asked = set(stems(words(unnamed), stopwords)) - FORM_WORDS
        # "Who approves the nursing rota?" asks who does that: "Approves the e-rostering rota", not "the senior
        # nurse on-call rota".
        verb = WHO_DOES.match(query.normalized.lower())
        done = set(stems([verb.group(1)], frozenset())) if verb else set()
        for_a_level = bool(ASKS_FOR_A_LEVEL.search(query.normalized))

        def says(hit: SearchHit) -> tuple[bool, bool, int]:  # (mentions the terms asked, the deed, words asked)
            text = hit.passage.text[slice(*self._best_sentence(query, hit.position, vector))]
            said = set(stems(words(text), stopwords))
            deed = bool(done & said) and not (verb is not None and self._only_denies(text, verb.group(1)))
            return not unstated_terms(unnamed, what_it_says(hit.passage)), deed, len(asked & said)

        near = [
            h
            for h in hits
            if h.score >= top.score - NEAR_HIT
            and not is_heading(h.passage)
            and h.passage.source.doc == top.passage.source.doc  # the ladder the search found
            and (h.passage.level is not None or top.passage.level is None)
            and not (for_a_level and readies(h.passage))  # the level above's work
        ]
        said = says(top)
        best, found = max(((h, says(h)) for h in near), key=lambda found: found[1], default=(top, said))
        return best if found[:2] > said[:2] or (found[:2] == said[:2] and found[2] >= said[2] + SAYS_MORE) else top

    def _another_manager(self, query: Query, sentence: str) -> bool:
        """Whether "which jobs report to the Head of Department?", asked of a manager no ladder has as a level,
        would be answered by a reporting line to someone else ("Reports to: Director of Income")."""
        asked = REPORTS_TO_WHOM.search(query.normalized)
        if asked is None or not re.search(r"\breports? (?:directly )?(?:to|into)\b", sentence, re.IGNORECASE):
            return False
        # "the registered manager at Oakwood": the manager, not where
        whom = re.split(r"\s+(?:at|in|on|for|within|across)\s+", asked.group("whom").lower())[0]
        found = [m.group(0) for m in self.names.any_name.finditer(whom)] if self.names and self.names.any_name else []
        if any(" " in name or name == whom.strip() for name in found):
            return False  # a level's name ("the registered manager"): the form's reading of it decides
        stopwords = self.searcher.lexicon.stopwords
        return not set(stems(words(whom), stopwords)) <= set(stems(words(sentence), stopwords))

    def _only_its_manager(self, query: Query, passage: Passage) -> bool:
        """Whether a question naming no level found a level's passage by whom it reports to: it names that manager
        whole ("support team lead salary" of "Reports to: Support Team Lead"), whom nothing else there names.
        "Who reports to the Chief Executive?" asks for that line."""
        if query.levels or question_kind(query.normalized) == "who" or ASKS_ABOUT_MANAGING.search(query.normalized):
            return False  # "who works for the trading director", "whose line manager is the CIO"
        text = passage.text
        managers = [m.span("whom") for m in REPORTS_LINE.finditer(text)]
        managers += [span for header, span in row_cells(passage) or () if REPORTS_ROW.match(bare_header(header))]
        stopwords = self.searcher.lexicon.stopwords
        rest = text
        for a, b in managers:
            rest = rest[:a] + " " * (b - a) + rest[b:]
        elsewhere = set(stems(words(rest), stopwords))
        for a, b in managers:
            whom = set(stems(words(text[a:b]), stopwords))
            if whom and whom <= set(query.stems) and whom - elsewhere:
                return True
        return False

    def _summary_row(self, position: int) -> int | None:
        """A matrix level's cell of the row that sums each level up ("Purpose", "Role summary"), for another
        cell of that level."""
        passages = self.searcher.index.passages
        passage = passages[position]
        if passage.section is not Section.COMPETENCY or sums_up(passage) or passage.level is None:
            return None
        of_level = self.by_level.get((passage.level.doc, passage.level.number), [])
        return next((i for i in of_level if sums_up(passages[i])), None)

    def _describing(
        self,
        level: tuple[str, int],
        where: SearchFilter = SearchFilter(),
        keep: Callable[[int, tuple[int, int]], bool] = lambda _position, _span: True,
        *,
        sections: tuple[Section, ...] = (Section.ROLE, Section.OVERVIEW),
        duties: bool = True,
    ) -> tuple[int, tuple[int, int]] | None:
        """The passage, and its sentence (one it `keep`s), that first says what a level is and does, in order:

        - of its `sections` (its role's line, its overview), its prose before its labelled lines, and not how one
          reaches the level ("After several years..., you can advance to X");
        - its matrix's summary row ("Role summary");
        - with `duties`, its first responsibility.

        None for a matrix of cells alone."""
        passages = self.searcher.index.passages
        kept = self._kept(where)
        own = [
            i
            for i in self.by_level.get(level, ())
            if (kept is None or i in kept)
            and i not in self.readying
            and not is_heading(passages[i])
            and not is_no_item(passages[i])
            and not stands_apart(passages[i])
            and not years_only(passages[i])
            and not states_a_requirement(passages[i])
        ]

        def first(position: int) -> tuple[int, int] | None:  # not "After several years..., you can advance to X."
            return first_sentence(
                passages[position].text,
                lambda span: not self._moving_to(passages[position].text[slice(*span)], level) and keep(position, span),
            )

        described = [
            (i, span)
            for section in sections
            for labelled in (False, True)  # "A Director leads..." before its "Clients: Relations on board level"
            for i in own
            if passages[i].section is section
            and (passages[i].heading is not None) == labelled
            and row_cells(passages[i]) is None
            and (span := first(i)) is not None
        ]
        described += [(i, span) for i in own if sums_up(passages[i]) and (span := first(i)) is not None]
        if duties:
            described += [
                (i, span)
                for i in own
                if passages[i].section is Section.RESPONSIBILITY and (span := first(i)) is not None
            ]
        return described[0] if described else None

    def _about_another_level(self, query: Query, passage: Passage) -> bool:
        """Whether a yes-no question about a level, or one a level's fact answers (its years, its reporting
        line), would be answered from another level's passage ("how many years for a Senior Content Writer":
        not the Content Writer's "0-2 years")."""
        if passage.level is None:
            return False
        if not self._yes_no(query) and not is_no_item(passage):
            return False
        named = self._named(query)
        return bool(named) and (passage.level.doc, passage.level.number) not in named

    def ladders_apart(self, query: Query, where: SearchFilter) -> dict[str, frozenset[tuple[str, int]] | None]:
        """The ladders (of those `where` keeps) a question is asked of without saying which, when each answers it
        in its own way, each with the levels its answer must be of (None: any): "what does an AD do?" (a code
        the Account Director and the Art Director share), "when do I first manage people?" (work
        index/data/cues.json knows, which three ladders start at three levels). None when it names a ladder
        ("in the creative team")."""
        ladders = sorted(where.docs) if where.docs is not None else [x.doc for x in self.searcher.index.ladders]
        question = query.normalized.lower()
        if len(ladders) < 2 or self.names is None or self.searcher.jobs.ladder_named(question, names_a_level=True):
            return {}
        # A code as the ladders write it: "AD", not "ad" or "am".
        codes = {m.group(1).lower() for m in WRITTEN_CODE.finditer(query.raw)} & self.names.codes
        owned = [frozenset(k for k in self.names.owners.get(code, ()) if k[0] in ladders) for code in codes]
        # A code whose levels here have several titles; "PM" of two PM ladders is one title.
        shared = [keys for keys in owned if len({self.names.title_of(k) for k in keys}) > 1]
        if shared:
            keys = frozenset().union(*shared)
            return {doc: keys for doc, _ in sorted(keys)}
        if codes:
            return {}
        first = ASKS_WHEN_FIRST.search(question)
        asked = [c for c in self.cues if any(p.search(question) for p in c.question)]
        if not first or len(asked) != 1 or STOPS_DOING.search(question) or self._names_a_level(query):
            return {}
        # Nothing else said: "when do backend engineers first interview candidates" is asked of one ladder.
        said = [m.span() for p in asked[0].question for m in p.finditer(question)]
        rest = "".join(" " if any(a <= i < b for a, b in said) else c for i, c in enumerate(question))
        return {} if set(stems(words(rest), self.searcher.lexicon.stopwords)) - GENERIC else dict.fromkeys(ladders)

    def _yes_no(self, query: Query) -> bool:
        return self.yes_no is not None and bool(self.yes_no.search(query.normalized.lower()))

    @staticmethod
    def _named(query: Query) -> frozenset[tuple[str, int]]:
        """The levels the question names most strongly ("PM" counts a quarter: it is the profession too)."""
        top = max(query.levels.values(), default=0.0)
        return frozenset(key for key, weight in query.levels.items() if weight == top and weight > 0)

    def _asked_of(self, query: Query, where: SearchFilter) -> frozenset[tuple[str, int]]:
        """The levels a yes-no question asks about ("does a PM lead user interviews?"), or one asking what a
        level does, in the ladders it keeps to: its answer is theirs."""
        asked = self._yes_no(query) or self._role_asked(query) or self._asked_of_level(query)
        return self._of_one_title(query, where) if asked else frozenset()

    def _of_one_title(self, query: Query, where: SearchFilter) -> frozenset[tuple[str, int]]:
        """The levels the question names, in the ladders it keeps to, when they are of one title: "does a senior
        lead client meetings?" names a Senior AE and a Senior Designer alike."""
        named = [k for k in self._named(query) if where.docs is None or k[0] in where.docs]
        titles = {self.names.title_of(k) for k in named} if self.names else set()
        return frozenset(named) if len(titles) == 1 else frozenset()

    def _asked_cell(self, query: Query, position: int, *, by_words: bool = False) -> tuple[int, int] | None:
        """A table row's cell under the one column the question names, by its words or its term of employment:
        "1,700 hours" under "Billable hours target", "Band SA: £150,000-£175,000" under "Pay band" for "salary";
        with `by_words`, only a column the question names by its words ("OTE" of "ae ote us")."""
        passage = self.searcher.index.passages[position]
        cells = row_cells(passage) if passage.level is not None else None  # else the row says what its cell is of
        if not cells:
            return None
        stopwords = self.searcher.lexicon.stopwords
        question = self._unnamed(query, None).lower()
        asked = set(stems(words(question), stopwords)) - FORM_WORDS
        terms = [term for term in employment_terms() if term.search(question)]

        ranged = range_columns(cells)

        def named(header: str) -> int:  # by the question's own words before its terms ("pay dublin": Dublin's)
            said = HEADER_WORD * len(asked & set(stems(words(header), stopwords)))
            return said + sum(bool(t.search(header)) for t in terms)

        scores = [named(header) for header, _ in cells]
        best = max(scores)
        if ranged and any(t.search("salary") for t in terms):  # "Currency | Minimum | Midpoint | Maximum": the range
            start, end = cells[ranged[0]][1][0], cells[ranged[-1]][1][1]
        elif best == 0 or scores.count(best) > 1 or (by_words and best < HEADER_WORD):
            return None
        else:
            start, end = cells[scores.index(best)][1]
        return stripped(passage.text, start, end)

    def _named_cell(
        self, query: Query, levels: frozenset[tuple[str, int]], where: SearchFilter
    ) -> tuple[int, tuple[int, int]] | None:
        """The row of the levels asked about with a column the question names by its words, and that cell. Of
        several, the column naming most of the question's words, then fewest others ("Quota" before last year's
        "Quota (FY26)"), then the row naming most ("Toronto"); rows that give the same cell are one. None for a
        yes-or-no, who, why or how question, which no figure of theirs answers."""
        if question_kind(query.normalized) in ("yes/no", "who", "why", "how") or WHAT_HAPPENS.search(query.normalized):
            return None  # "how is the AE quota calculated", "what happens to my quota if...": not the figure
        stopwords = self.searcher.lexicon.stopwords
        asked = set(stems(words(query.normalized), stopwords))
        counted = bool(QUANTITY.search(query.normalized.lower()))
        kept = self._kept(where)
        found: dict[tuple[int, tuple[int, int]], tuple[frozenset[str], int, int]] = {}
        for level in sorted(levels):
            for position in self.by_level.get(level, ()):
                passage = self.searcher.index.passages[position]
                span = self._asked_cell(query, position, by_words=True) if kept is None or position in kept else None
                if span is None or (counted and not FIGURE.search(passage.text, *span)):
                    continue  # "how many direct reports": not the "Reports to" cell's "Maintenance Manager"
                named = set(stems(words(header_at(passage, span[0])), stopwords))
                row = asked & set(stems(words(passage.text), stopwords))
                found[(position, span)] = (frozenset(named & asked), len(named - asked), len(row))
        if not found:
            return None
        most = max(len(by) for by, _, _ in found.values())
        if len({by for by, _, _ in found.values() if len(by) == most}) > 1:
            return None  # "maximum premium": a pay table's "Maximum" and an authority table's "Max premium"
        best = min((-len(by), unasked, -row) for by, unasked, row in found.values())
        cells = [cell for cell, (by, unasked, row) in found.items() if (-len(by), unasked, -row) == best]
        texts = {self.searcher.index.passages[position].text[slice(*span)] for position, span in cells}
        return cells[0] if len(texts) == 1 else None

    def _cell_says_more(
        self,
        query: Query,
        cell: tuple[int, tuple[int, int]],
        sentence: tuple[int, tuple[int, int]],
        levels: frozenset[tuple[str, int]],
    ) -> bool:
        """Whether a cell, with its row and column, says more of the question's words than the sentence it would
        replace, or as many where that sentence is not of the level asked about ("how long is the ramp for an
        internal promotion to AE": the sentence on that ramp, not the "Ramp" column's "4 months")."""
        stopwords = self.searcher.lexicon.stopwords
        asked = set(stems(words(WH_WORD.sub(" ", self._unnamed(query, None))), stopwords))  # not "how many"
        passages = self.searcher.index.passages
        (row, (start, _)), (position, span) = cell, sentence
        by_cell = len(asked & set(stems(words(f"{header_at(passages[row], start)} {passages[row].text}"), stopwords)))
        if len(asked) - by_cell > 1:  # "what quota do I need to go on leave as an AE": more is asked than its figure
            return False
        by_sentence = len(asked & set(stems(words(passages[position].text[slice(*span)]), stopwords)))
        return by_cell > by_sentence or (by_cell == by_sentence and not self._of_levels(position, levels))

    def _place_asked(self, query: Query, passage: Passage, span: tuple[int, int]) -> tuple[int, int]:
        """Of a sentence giving a sum for each place ("San Francisco $115,000–$140,000; Toronto CA$100,000-..."),
        the part of the one place the question names ("senior csm pay toronto", "salary SF"); else the span."""
        if not ASKS_PAY.search(query.normalized.lower()):
            return span
        text = passage.text
        bounds = [span[0], *(m.end() for m in PLACE_BREAK.finditer(text, *span)), span[1]]
        parts = [(a, b) for a, b in itertools.pairwise(bounds) if MONEY.search(text, a, b)]
        if len(parts) < 2:
            return span
        unnamed = set(words(self.names.without_names(query.normalized.lower()) if self.names else query.normalized))
        # "US", "SF" as written, not "us" of "tell us"
        said = [w for w in re.findall(r"\w+", query.raw) if w.lower() in unnamed]
        asked = {w.lower() for w in said if len(w) > 2 or w.isupper()} - self.searcher.lexicon.stopwords

        def names_it(part: str) -> bool:  # its words, or their initials ("SF")
            said = words(part)
            capitals = [w[0].lower() for w in re.findall(r"\b[A-Z][a-z]+", part)]
            initials = {"".join(capitals[i : i + 2]) for i in range(len(capitals) - 1)}
            return bool(asked & (set(said) - PAY_WORDS) or asked & initials)

        named = [(a, b) for a, b in parts if names_it(text[a:b])]
        if len(named) != 1:
            return span
        return stripped(text, *named[0], " ;·|,\n") or span

    def _role_asked(self, query: Query) -> bool:
        """ "What does a Level 1 TA do?", not "what does a product manager do?", which asks of the profession
        (its name weighs less than a level's): the introduction may answer that."""
        return self._of_one_level(query, self.role_of)

    def _asked_of_level(self, query: Query) -> bool:
        """ "What does a quality inspector need to know about measuring?": what one level does about something,
        answered by that level's passages, not another's that the search found closer."""
        return self._of_one_level(query, self.of_level)

    @staticmethod
    def _of_one_level(query: Query, wording: re.Pattern[str] | None) -> bool:
        """Whether the question names a level by a name of its own and is worded so."""
        named = max(query.levels.values(), default=0.0) >= 1.0
        return named and wording is not None and bool(wording.search(query.normalized.lower()))

    def _kept(self, where: SearchFilter) -> set[int] | None:
        """The positions of the passages the filter admits, as a set; None when it admits all."""
        allowed = self.searcher.allowed(where)
        return None if allowed is None else set(allowed.tolist())

    def _of_levels(self, position: int, levels: frozenset[tuple[str, int]]) -> bool:
        level = self.searcher.index.passages[position].level
        return level is not None and (level.doc, level.number) in levels

    def _closest_of(
        self,
        levels: frozenset[tuple[str, int]],
        vector: np.ndarray,
        where: SearchFilter,
        *,
        facts: bool = False,
        figures: bool = False,
        requirements: bool = True,
    ) -> int | None:
        """The passage of `levels` closest to the question, more than a heading, a fact only with `facts`, one
        that states a figure with `figures`, a requirement ("Qualifications") only with `requirements`; None
        when they have none the filter keeps."""
        index = self.searcher.index
        kept = self._kept(where)
        positions = [
            i
            for key in sorted(levels)
            for i in self.by_level.get(key, ())
            if (kept is None or i in kept)
            and not is_heading(index.passages[i])
            and (facts or not stands_apart(index.passages[i]))
            and (not figures or re.search(r"\d", index.passages[i].text))
            and (requirements or not states_a_requirement(index.passages[i]))
            and (requirements or facts or not years_only(index.passages[i]))
        ]
        if not positions:
            return None
        scores = index.dense.query(vector).similarity(np.array(positions), self.searcher.params.segment_weight)
        return positions[int(np.argmax(scores))]

    def _qualification(
        self,
        query: Query,
        levels: frozenset[tuple[str, int]],
        position: int,
        span: tuple[int, int],
        vector: np.ndarray,
        where: SearchFilter,
    ) -> tuple[int, tuple[int, int]] | None:
        """The sentence given when it names a qualification or what the question asks ("first aid"), else the
        levels' sentence closest to the question that names one; None when they name none."""
        index, kept = self.searcher.index, self._kept(where)
        stopwords = self.searcher.lexicon.stopwords
        asked = set(stems(words(self._unnamed(query, None) or ""), stopwords)) - REQUIREMENT_STEMS
        passage = index.passages[position]  # its level's or its ladder's note; not E1's "Not required" for E2
        said = set(stems(words(passage.text[slice(*span)]), stopwords))
        at = passage.level
        ours = (at.doc, at.number) in levels if at is not None else passage.source.doc in {doc for doc, _ in levels}
        if ours and (self._names_a_qualification(position, span) or asked & said):
            return position, span
        found = [
            (score, i, at_span)
            for key in sorted(levels)
            for i in self.by_level.get(key, ())
            if kept is None or i in kept
            for at_span, score in self._sentences(i, vector)
            if self._names_a_qualification(i, at_span)
        ]
        return max(found)[1:] if found else None

    def _names_a_qualification(self, position: int, span: tuple[int, int]) -> bool:
        """Whether a passage's sentence names a qualification ("LANTRA Highway Inspector certificate", "Category B
        driving licence."), or is a line under a heading of them ("Dip CII; ACII expected within 2 years",
        "Education: Not required"); not the bare heading "Knowledge and qualifications", a duty ("Owns the
        certification checklist"), years ("8 years or more in road transport"), a grade or a pay line."""
        passage = self.searcher.index.passages[position]
        sentence = passage.text[span[0] : span[1]]
        if DOES_FIRST.match(sentence) or GRADE_LINE.match(sentence) or MONEY.search(sentence):
            return False
        short = len(words(sentence)) <= HEADING_SHORT
        if any(not short or m.group(0).lower() not in GENERIC_QUALIFICATION for m in QUALIFICATION.finditer(sentence)):
            return True
        bare = short and passage.heading is None and ":" not in passage.text
        return not bare and states_a_requirement(passage) and not YEARS_FIRST.match(sentence)

    def _best_sentence(self, query: Query, position: int, vector: np.ndarray) -> tuple[int, int]:
        """The passage's sentence closest to the question, a sentence with its words a little closer
        ("what is the CPO responsible for": "The CPO is responsible for...", not the CPO's first one)."""
        passage = self.searcher.index.passages[position]
        asked = set(query.keyword_tokens)
        best, best_score = None, -math.inf
        sentences = self._sentences(position, vector)
        # "How much reduced timetable do ECTs get?": the sentence with a figure, not "do not ask ECTs to cover it",
        # when it is about as close ("how much autonomy" is not answered by a line of years)
        figured = [s for s in sentences if re.search(r"\d", passage.text[s[0][0] : s[0][1]])]
        close = max((score for _, score in sentences), default=0.0) - FIGURE_SLACK
        if QUANTITY.search(query.normalized.lower()) and any(score >= close for _, score in figured):
            sentences = figured
        for span, similarity in sentences:
            have = set(stems(words(passage.text[span[0] : span[1]]), self.searcher.lexicon.stopwords))
            score = similarity + WORDS_BONUS * (len(asked & have) / len(asked) if asked else 0.0)
            if score > best_score:
                best, best_score = span, score
        return best if best is not None else self._sentence(passage, None)

    def _faq_answer(self, query: Query, position: int) -> tuple[int, int] | None:
        """An FAQ's entry asked its own question ("can I skip a level" of "Can I skip a level?"): what opens its
        answer ("No. We do not promote anyone two levels at once."), not a later sentence closer in words."""
        passage = self.searcher.index.passages[position]
        heading = passage.heading or ""
        if not heading.rstrip().endswith("?") or question_kind(query.normalized) != question_kind(heading):
            return None  # "how long is the programme" is not "How do I apply for the programme?"
        stopwords = self.searcher.lexicon.stopwords
        asked = set(stems(words(heading), stopwords))
        first = first_sentence(passage.text)
        if first is None or not set(query.stems) & asked:
            return None
        # "can I job share as a team leader?" of "Can I work part-time...?": the sentence on job shares says
        beyond = set(stems(words(self._unnamed(query, None)), stopwords)) - asked
        rest = [span for span in sentence_spans(passage.text) if span[0] >= first[1]]
        if beyond and any(beyond <= set(stems(words(passage.text[slice(*span)]), stopwords)) for span in rest):
            return None
        return stripped(passage.text, 0, first[1])  # with a short reply before it ("Not today. See...")

    def _names_a_level(self, query: Query) -> bool:
        """Whether the question names a level, in the plural too ("vacation days do directors get")."""
        return self.names is not None and self.names.names_any(query.normalized)

    def _sentence(self, passage: Passage, segment: tuple[int, int] | None) -> tuple[int, int]:
        """The sentence that holds the passage's best-matching segment."""
        sentences = sentence_spans(passage.text)
        if segment is not None:
            for start, end in sentences:
                if start <= segment[0] and segment[1] <= end:
                    return start, end
        return sentences[0]

    def _said_in_full(
        self, query: Query, position: int, span: tuple[int, int], vector: np.ndarray
    ) -> tuple[int, tuple[int, int]]:
        """A skill's bare name ("Mentoring", "People management") gives way to the closest sentence of its level with
        every word the name shares with the question but "people" ("Mentors one or two Trainee Reporters...",
        "...the first editorial role with line management"); "Crisis handling" is no "Handles corrections..."."""
        passage = self.searcher.index.passages[position]
        bare = passage.text[slice(*span)].strip()
        if passage.section is not Section.SKILLS or passage.level is None or len(words(bare)) > BARE_WORDS:
            return position, span
        stopwords = self.searcher.lexicon.stopwords
        shared = set(stems(words(bare), stopwords)) & set(stems(words(query.normalized), stopwords))
        shared -= ANYONE  # "People management": the management, said of anyone
        found = [
            (score, other, at)
            for other in self.by_level.get((passage.level.doc, passage.level.number), ())
            if other != position
            for at, score in self._sentences(other, vector)
            if len(words(said := self.searcher.index.passages[other].text[slice(*at)])) > BARE_WORDS
            and shared <= set(stems(words(said), stopwords))
        ]
        if not shared or not found:
            return position, span
        _, other, at = max(found)
        return other, at

    def _sentences(self, position: int, vector: np.ndarray) -> list[tuple[tuple[int, int], float]]:
        """Each sentence of a passage with its best segment's cosine to the vector."""
        index = self.searcher.index
        passage = index.passages[position]
        scores = index.segments.of(vector, position)
        best: dict[tuple[int, int], float] = {}
        for (start, end), score in zip(index.spans[position], scores.tolist(), strict=True):
            sentence = self._sentence(passage, (start, end))
            best[sentence] = max(best.get(sentence, -1.0), score)
        # "Q: Who decides my grade? A: Grades are confirmed by...": a question answers nothing
        # ... nor does a pointer to a file ("See the behaviours at each grade (PDF, 212KB).")
        said = {
            span: score
            for span, score in best.items()
            if not passage.text[slice(*span)].rstrip().endswith("?")
            and not FILE_POINTER.match(passage.text[slice(*span)])
        }
        # A matrix level's cells under its merged header ("Expected behaviour<tab>Evidence examples"): the first
        # says what the level does; the others, how it shows, are found by the search but answer nothing
        first = passage.text.find("\t") if passage.section is Section.COMPETENCY else -1
        does = {span: score for span, score in (said or best).items() if first < 0 or span[0] < first}
        return list((does or said or best).items())

    def _first_words(self, query: Query) -> set[tuple[str, bool]]:
        """What a "first" question asks a level to do, as `_names_all` reads it: not the ladder it names ("in
        support", "which EM level"), nor the level it says first does it ("when does a PM first manage")."""
        asking = self._asking(query)
        head, first, rest = asking.partition(" first ")
        if first and self.names is not None:  # a name `_first_doer` reads, not "data scientists"
            asking = self.names.pattern.sub(" ", head) + first + rest
        return self._word_keys(asking, self.searcher.lexicon.stopwords - ASKED_VERBS)

    def _asking(self, query: Query) -> str:
        """The question less the words that say which ladder ("in support", "which EM level")."""
        asking = self.searcher.jobs.without_ladder_named(query.normalized, names_a_level=bool(query.levels))
        return ON_A_LADDER.sub(" ", QUALIFIED_LEVEL.sub(" ", asking))

    def _has_a_word(self, query: Query, position: int) -> bool:
        """Whether a passage (its heading too) has a word of the question or of what the lexicon reads in it
        ("direct reports": people management), beyond its form's, its ladder's titles ("data scientists",
        "engineering manager") and the words naming its ladder, or the question has none."""
        asked = self._first_asks(query, self.searcher.index.passages[position].source.doc)
        asked = (asked - LIGHT_VERBS) or asked  # "first own a P&L or a budget": the P&L, not owning
        # "red team engagements" is not "the team's playbooks": a word most passages have says little
        postings, count = self.searcher.bm25.postings, len(self.searcher.index.passages)
        rare = {w for w in asked if w not in postings or len(postings[w][0]) <= COMMON_WORD * count}
        return bool((rare or asked) & self._words_at(position)) or not asked

    def _first_asks(self, query: Query, doc: str) -> set[str]:
        """The stems a "first" question asks a level of `doc` to have (see `_has_a_word`): not its titles."""
        titles = " ".join(f"{lv.title} {lv.short}" for lv in self.searcher.index.levels if lv.doc == doc)
        return self._asked_stems(query, words(titles))

    def _row_asks(self, query: Query, doc: str) -> set[str]:
        """The stems a "first" question asks a matrix's cell to have: its titles too ("senior candidates"), not
        the words naming the ladder ("in sales")."""
        return self._asked_stems(query, words(" ".join(w for w, at in self.searcher.jobs.ladders.items() if at == doc)))

    def _asked_stems(self, query: Query, ignored: Sequence[str]) -> set[str]:
        """The question's stems and what the lexicon reads in it ("direct reports": people management), less
        its form's words, how a level is reached and the `ignored` words."""
        stopwords = self.searcher.lexicon.stopwords
        meant = set(query.keyword_tokens) - set(query.stems)
        asked = set(stems(words(self._asking(query)), stopwords)) | meant
        return asked - FORM_WORDS - BECOMING - set(stems(ignored, stopwords))

    def _denies(self, query: Query, text: str, asked: set[str], level_texts: Sequence[str] = ()) -> bool:
        """Whether the text, or another passage of its level (`level_texts`), denies what a question asks
        (`asked`, its stems), a few words before one of them ("...; does not negotiate directly"), when the
        question denies nothing; or the text only takes part in what the question asks to do itself ("lead a
        threat modelling session yourself": "Takes part in threat modelling sessions")."""
        question = query.normalized.lower()
        if DENIES.search(question):
            return False
        if any(self._denial(t, asked) for t in (text, *level_texts)):
            return True
        stopwords = self.searcher.lexicon.stopwords
        lowered = text.lower()
        if not DOES_IT_ITSELF.search(question):
            return False
        saying = [s for s in re.split(r"[.\n;]", lowered) if asked & set(stems(words(s), stopwords))]
        return bool(saying) and all(TAKES_PART.match(s.strip()) for s in saying)

    def _denial(self, text: str, asked: set[str]) -> bool:
        """Whether the text denies one of the `asked` stems, a few words after a "not" in its sentence."""
        lowered = text.lower()
        stopwords = self.searcher.lexicon.stopwords
        return any(
            asked & set(stems(words(re.split(r"[.;\n]", lowered[m.end() :])[0])[:DENIAL_REACH], stopwords))
            for m in DENIES.finditer(lowered)
        )

    def _only_denies(self, text: str, verb: str) -> bool:
        """Whether the text says the verb only after a "not" ("...; cannot approve write-offs."), never plainly
        ("Approves supplier credit notes; cannot approve refunds" approves)."""
        base = verb[:-1] if verb.endswith("s") else verb  # "approves": approve, approved, approving, not approval
        forms = {verb, base, f"{base}d", f"{base}ed", f"{base[:-1] if base.endswith('e') else base}ing"}
        found = words(text.lower())
        said = [i for i, w in enumerate(found) if w in forms]
        negations = [i for i, w in enumerate(found) if w in NEGATIONS or w.endswith("n't")]
        return bool(said) and all(any(0 < i - j <= DENIAL_REACH for j in negations) for i in said)

    def _words_at(self, position: int) -> set[str]:
        """A passage's stems, its heading's too."""
        passage = self.searcher.index.passages[position]
        return set(self.searcher.words(position).by_stem) | set(_label_stems(self.searcher, passage))

    def _first_in_row(
        self, query: Query, position: int, span: tuple[int, int], vector: np.ndarray
    ) -> tuple[int, tuple[int, int]]:
        """For a matrix's cell, the lowest cell of its row that has every word asked the cell has (the titles asked
        too: "interview senior candidates" is not the SDR's "interviews for SDR candidates"), is about as close to
        the question ("...role-play used in enterprise hiring" is not hiring) and denies nothing; a cell above it
        only when it denies it ("Observes negotiation calls...; does not negotiate directly"). For a level's list
        item, `_first_in_list`."""
        index = self.searcher.index
        passage = index.passages[position]
        if passage.level is None:
            return position, span
        if passage.section is not Section.COMPETENCY:
            return self._first_in_list(query, position, span, vector)
        asked = self._row_asks(query, passage.source.doc)
        has = asked & set(self.searcher.words(position).by_stem)  # not its heading's: every cell of the row has it
        if not has:
            return position, span
        row = [
            i
            for (doc, _), at in sorted(self.by_level.items())
            if doc == passage.source.doc
            for i in at
            if index.passages[i].section is Section.COMPETENCY and index.passages[i].heading == passage.heading
        ]
        denied = self._denies(query, passage.text, asked)
        close = max(similarity for _, similarity in self._sentences(position, vector)) - ROW_SLACK
        below = True
        for i in row:
            if i == position and not denied:
                return i, (0, len(passage.text))  # the cell as a whole, as for a difference
            below &= i != position
            shared = has & set(self.searcher.words(i).by_stem)
            # above a cell that denies or only takes part, its own words ("takes part", "sessions") need not recur
            if (shared != has if below else 2 * len(shared) < len(has)) or self._denies(
                query, index.passages[i].text, asked
            ):
                continue
            if max(similarity for _, similarity in self._sentences(i, vector)) >= close:
                return i, (0, len(index.passages[i].text))
        return position, span

    def _first_in_list(
        self, query: Query, position: int, span: tuple[int, int], vector: np.ndarray
    ) -> tuple[int, tuple[int, int]]:
        """For a level's item, the closest sentence of the lowest level of its ladder that has every word asked the
        sentence has and is about as close to the question: "first approve spending" is the News Editor's
        "Approves freelance spend of up to £1,000 a week", not the Deputy Editor's "approves spend of up to
        £5,000 a month"."""
        index = self.searcher.index
        passage = index.passages[position]
        if passage.section not in (Section.RESPONSIBILITY, Section.SKILLS) or passage.level is None:
            return position, span
        question = query.normalized.lower()
        if SAYS_FIRST.search(passage.text[slice(*span)]) or amounts(question) or asks_reporting_line(question):
            # "Supervises trainees for the first time" says so itself; a limit's level is the one that admits the
            # amount ("first approves write-offs above £5,000"); "first report to the headteacher" is no duty
            return position, span
        stopwords = self.searcher.lexicon.stopwords
        asked = self._row_asks(query, passage.source.doc)
        has = asked & set(stems(words(passage.text[slice(*span)]), stopwords))
        if not has:
            return position, span
        close = dict(self._sentences(position, vector)).get(span, -1.0) - ROW_SLACK
        doc = passage.source.doc
        for number in sorted(n for d, n in self.by_level if d == doc and n < passage.level.number):
            found = [
                (similarity, i, at)
                for i in self.by_level[(doc, number)]
                if index.passages[i].section in (Section.RESPONSIBILITY, Section.SKILLS)
                for at, similarity in self._sentences(i, vector)
                if similarity >= close
                and has <= set(stems(words(said := index.passages[i].text[slice(*at)]), stopwords))
                and not REPORTS_LINE.match(said)
                and not self._denies(query, said, asked)
            ]
            if found:
                _, i, at = max(found)
                return i, at
        return position, span

    def _form_answer(
        self, query: Query, asked: AskedForm | None, vector: np.ndarray, residual: np.ndarray | None = None
    ) -> tuple[int | None, tuple[int, int] | None]:
        """The sentence that answers the question in its form, if any."""
        if asked is None:
            return None, None
        if asked.pair is not None:
            # "AE vs SAE on negotiation?": what it asks of the two levels, not their names, picks among their items
            unnamed = self._unnamed(query, asked)
            topical = set(stems(words(unnamed), self.searcher.lexicon.stopwords)) - PAIR_WORDS
            rest = residual if residual is not None and topical else vector
            return self._what_it_adds(*asked.pair, rest, unnamed)
        if asked.form.name == "progression" and len(asked.levels) > 1:  # "from Commis Chef to Head Chef"
            keep = self._naming(asked.levels[-1])
            if not self._timed_way(query, asked):
                return self._from_form(asked, vector, keep)
            for timing in self._timings(asked, keep):
                position, span = self._from_form(asked, vector, timing)
                if position is not None:
                    return position, span
            return None, None
        if asked.form.name == "level":  # a name several ladders give different levels ("a senior") is no one's
            titles = {self.names.title_of(key) for key in asked.levels} if self.names is not None else set()
            return self._first_said(asked) if len(titles) == 1 else (None, None)
        if asked.form.name == "reports_of" and QUANTITY.search(query.normalized.lower()):
            # "How many people report to a team leader?": a sentence with a number says, or one saying none does
            return self._from_form(asked, vector, lambda sentence, _: bool(COUNTED.search(sentence)))
        if not asked.anywhere:
            return self._from_form(asked, vector)
        if asked.form.changes is None:  # level names count too: "lead" is a level of some ladder, a verb here
            return self._from_form(asked, vector, partial(self._names_all, self._first_words(query)))
        question, form = self._unnamed(query, asked), asked.form

        def changes(sentence: str, _passage: Passage) -> bool:  # any level's change, so it must be of what is asked
            return self._changes(question, sentence, form=form)

        return self._from_form(asked, vector, changes)

    def _first_said(self, asked: AskedForm) -> tuple[int | None, tuple[int, int] | None]:
        """The first sentence of the named level's overview (or role, or else its first passage): what the level
        is, not a table's row or a cell ("T3")."""
        passages = self.searcher.index.passages
        found = self._candidates(asked)
        own = [i for i in found if (lv := passages[i].level) and (lv.doc, lv.number) in asked.levels]
        candidates = sorted(own or found)  # not a lower level's note on moving up to it
        described = [i for i in candidates if passages[i].section in (Section.OVERVIEW, Section.ROLE)] or candidates
        for position in described:
            if (span := first_sentence(passages[position].text)) is not None:
                return position, span
        return (described[0], self._sentence(passages[described[0]], None)) if described else (None, None)

    def _from_form(
        self, asked: AskedForm, vector: np.ndarray, keep: Callable[[str, Passage], bool] | None = None
    ) -> tuple[int | None, tuple[int, int] | None]:
        """The sentence of the levels the question names that best answers it in its form (of those `keep`s)."""
        index = self.searcher.index
        if asked.form.name == "experience" and len({doc for doc, _ in asked.levels}) > 1:
            return None, None  # "Staff" is a level of four ladders: whose years are a guide is not said
        if asked.form.name == "reports_of":
            stated = [
                (i, span, weight)
                for i, span, weight in self._reports_of(asked)
                if keep is None or keep(index.passages[i].text[span[0] : span[1]], index.passages[i])
            ]
            if not stated:
                return None, None
            close = {position: dict(self._sentences(position, vector)) for position, _, _ in stated}
            position, span, _ = max(stated, key=lambda found: (found[2], close[found[0]].get(found[1], -1.0)))
            return position, span
        candidates = self._candidates(asked)
        described: list[int] = []
        if asked.form.name in ("rung", "next", "meaning"):  # what the level is, from its overview when it has one
            described = [i for i in candidates if index.passages[i].section in (Section.OVERVIEW, Section.ROLE)]
            candidates = described or candidates
        # A matrix's level has no overview, and a cell says what it does, not what it is: its ladder's notes may
        # ("The Clinical Nurse Specialist role is a clinical route...").
        from_notes = asked.form.name == "meaning" and not described
        if from_notes:
            docs = {doc for doc, _ in asked.levels}
            candidates = [i for i, p in enumerate(index.passages) if p.level is None and p.source.doc in docs]
        cues, bonus = asked.form.cues, CUE_BONUS
        if asked.form.name == "meaning":  # "what does DS3 stand for": a sentence that opens with its title
            cues, bonus = self._title_opening(asked.levels), 1.0
        elif asked.form.name in ("rung", "next"):  # or what the level is: "A Senior Engineer owns..."
            cues = re.compile(f"{cues.pattern}|{self._title_opening(asked.levels).pattern}", re.IGNORECASE)
        found: list[tuple[float, int, tuple[int, int]]] = []
        for position in candidates:
            passage = index.passages[position]
            if (cell := self._cell(asked, passage)) is not None:  # a "Reports to" column's cell, before any sentence
                found.append(
                    (max(s for _, s in self._sentences(position, vector)) + bonus + CELL_FIRST, position, cell)
                )
                continue
            readies = self._readies(asked, position)
            for span, similarity in self._sentences(position, vector):
                sentence = passage.text[span[0] : span[1]]
                cued = self._says_its_form(asked, position, sentence, cues)
                # It states a change, a reporting line, a first level, what a level is, how to reach it.
                must = (
                    asked.form.name in ("still", "report_to", "experience", "pay", "promotion")
                    or asked.anywhere
                    or from_notes
                )
                if must and not cued:
                    continue
                if keep is not None and not keep(sentence, passage):
                    continue
                # what readies a person for the level is surer than a cue word ("progression" is a game's too)
                found.append((similarity + (bonus if cued else 0.0) + (bonus if readies else 0.0), position, span))
        if asked.form.name == "report_to" and not found:  # stated by the level that manages it
            found = [
                (dict(self._sentences(position, vector)).get(span, -1.0), position, span)
                for position, span in self._managers_of(asked)
            ]
        if asked.form.name == "first":  # of the levels of a ladder that say it, the lowest is the first
            lowest: dict[str, int] = {}
            for _, position, _ in found:
                level = index.passages[position].level
                if level is not None:
                    lowest[level.doc] = min(level.number, lowest.get(level.doc, level.number))
            found = [f for f in found if (lv := index.passages[f[1]].level) and lowest[lv.doc] == lv.number]
        if not found:
            return None, None
        _, position, span = max(found, key=lambda f: f[0])
        return position, span

    def _acronym_asked(self, query: Query) -> str | None:
        """The acronym a question asks the meaning of, when a guide writes it in capitals ("QBRs", "WCAG")."""
        m = meaning_asked(query.normalized)
        term = (m.group("term") or m.group("alone") or m.group("short")) if m else None
        if not term or not term.replace("&", "").isalpha() or len(term) < 2:
            return None
        if m.group("short") and (
            not re.search(rf"(?<![\w&-]){re.escape(term.upper())}(?![\w&-])", self.capitals) or query.levels
        ):
            return None  # "what is pay": no acronym the guides write; "what's a CPO": a level's name
        written = re.compile(rf"(?<![\w&-]){re.escape(term)}s?(?![\w&-])", re.IGNORECASE)
        for passage in self.searcher.index.passages:  # "P&L", "RevPAR": two capitals or more, as a guide writes it
            for found in written.finditer(passage.text):
                if sum(c.isupper() for c in found.group(0)) >= 2:
                    return found.group(0).rstrip("s") if found.group(0)[-1] == "s" else found.group(0)
        return None

    @staticmethod
    def _asks_briefly(query: Query) -> bool:
        """Whether a question asks a meaning in its short form ("what's AEO"), which may ask what a thing is."""
        m = meaning_asked(query.normalized)
        return m is not None and m.group("short") is not None

    def _spelled_out(self, acronym: str, where: SearchFilter) -> tuple[int | None, tuple[int, int] | None]:
        """The first sentence (of those the filter allows) that spells the acronym out."""
        kept = self._kept(where)
        for position, passage in enumerate(self.searcher.index.passages):
            if (kept is not None and position not in kept) or acronym not in f"{passage.heading} {passage.text}":
                continue
            for span in sentence_spans(passage.text):
                if spells_out(acronym, passage, span):
                    return position, span
        return None, None

    def _term_unused(self, text: str) -> bool:
        """Whether the question asks what a term means that no guide uses ("what does OKR stand for")."""
        m = meaning_asked(text)
        term = m and (m.group("term") or m.group("alone"))
        if not term:
            return False
        said = stems(words(f"{term} {term}s"), frozenset())  # "PRD" is in the guide as "PRDs"
        return not any(stem in self.searcher.bm25.postings for stem in said)

    def _unknown_words(self, text: str) -> int:
        """How many of the question's own words (`text`, its level names out: "GPM", "EM6" are the guides'
        own, whatever BM25 indexes) no guide uses ("paste customer data into chatgpt"): what they do not cover."""
        own = stems((w.split("'")[0] for w in words(text)), self.searcher.lexicon.stopwords)
        return sum(stem not in self.searcher.bm25.postings for stem in own)

    def _says_its_form(self, asked: AskedForm, position: int, sentence: str, cues: re.Pattern[str]) -> bool:
        """Whether a sentence of a passage says what its form asks: its cue words; of the way to a level, what
        readies a person for it, a line of what it requires, or a sentence moving to it by name (a sentence of the
        level's own work is no way to it, whatever its words)."""
        if self._readies(asked, position) or self._required(asked, self.searcher.index.passages[position]):
            return True
        if asked.form.name == "promotion":
            return self._moving_to(sentence, asked.levels[-1])
        return bool(cues.search(sentence.lower()))

    def _readies(self, asked: AskedForm, position: int) -> bool:
        """Whether a passage is what a lower level's "How you grow" list says readies a person for the level a
        question of how to reach it asks about."""
        return asked.form.name in ("progression", "promotion") and self.readying.get(position) == asked.levels[-1]

    @staticmethod
    def _required(asked: AskedForm, passage: Passage) -> bool:
        """Whether a passage is a line of what a level requires, which says how to reach it: under a heading of
        its requirements, or the years it asks ("Typical experience: 7-10 years"); not a competency so named."""
        if asked.form.name != "promotion" or passage.section is Section.COMPETENCY:
            return False
        return bool(passage.category and REQUIRED.match(passage.category)) or years_only(passage)

    def _moving_to(self, sentence: str, level: tuple[str, int]) -> bool:
        """Whether a sentence says how a person moves up to the level ("you can advance to Senior PM")."""
        names, said = self._names_pattern(level, lone_words=False), sentence.lower()
        return names is not None and any(MOVING_TO.search(said[: m.start()]) for m in names.finditer(said))

    def _still_does(
        self, query: Query, asked: AskedForm, vector: np.ndarray
    ) -> tuple[int | None, tuple[int, int] | None]:
        """The closest sentence of the level a "still" question asks about that does what it asks (its verb, and what
        to when it says: "still mentor people", "...and mentors Staff engineers"), when no sentence of the level
        says what changed: that it does it says it still does."""
        question = self._unnamed(query, asked)
        done = STILL_VERB.search(question)
        if done is None:
            return None, None
        stopwords = self.searcher.lexicon.stopwords
        verb = set(stems([done[1]], stopwords))
        # what it is done to, when the question says: "build the Looker dashboards" is not "Builds dbt models"
        objects = set(stems(words(question[done.end() :]), stopwords)) - FORM_WORDS - ANYONE - verb
        passages = self.searcher.index.passages

        # the verb as a verb: "Teaches a reduced timetable", "flies"; not "teaching and learning", "5+ years flying",
        # "return-to-work meetings"
        stem = done[1][:-1] + "(?:y|ies|ied)" if done[1].endswith("y") else re.escape(done[1]) + "(?:s|es|ed|d)?"
        as_verb = re.compile(rf"(?<![\w-]){stem}(?![\w-])")  # in lower case but a line's first: "a Captain's Report"

        def does_it(sentence: str) -> bool:
            said = set(stems(words(sentence), stopwords))
            opened = sentence[:1].lower() + sentence[1:]
            return bool(as_verb.search(opened)) and verb <= said and (not objects or bool(objects & said))

        found = [
            (similarity, position, span)
            for position in self._candidates(asked)
            # not what the level needs or is ("Reports to: the Deputy Editor", "5+ years flying")
            if not (stands_apart(passages[position]) or states_a_requirement(passages[position]))
            and not years_only(passages[position])
            for span, similarity in self._sentences(position, vector)
            if similarity >= STILL_ABOUT
            and does_it(said := passages[position].text[slice(*span)])
            and not REPORTS_LINE.match(said)
        ]
        if not found:
            return None, None
        _, position, span = max(found)
        return position, span

    def _candidates(self, asked: AskedForm) -> list[int]:
        """The passages of the levels a form asks about that can hold its answer."""
        passages = self.searcher.index.passages
        kept = (Section.OVERVIEW, Section.ROLE, Section.SKILLS, Section.RESPONSIBILITY, Section.COMPETENCY)
        found = [i for key in asked.levels for i in self.by_level.get(key, []) if passages[i].section in kept]
        # its introduction: "the experience figures under each level are typical", "Progression from C1 to C2..."
        if asked.form.name == "experience" or (asked.form.name == "progression" and len(asked.levels) > 1):
            found += [i for doc in dict.fromkeys(doc for doc, _ in asked.levels) for i in self.unleveled.get(doc, [])]
        elif asked.form.name == "without":  # the way into a ladder's first level is its introduction's to say
            lowest = {doc: min(n for d, n in self.by_level if d == doc) for doc, _ in asked.levels}
            found += [i for doc, n in asked.levels if n == lowest[doc] for i in self.unleveled.get(doc, [])]
        return found

    def _what_it_adds(
        self, lower: tuple[str, int], higher: tuple[str, int], vector: np.ndarray, question: str = ""
    ) -> tuple[int | None, tuple[int, int] | None]:
        """The first sentence describing the higher level that is not about the lower one (how you get there);
        for a question about a topic ("DS2 vs DS3 on experiment design"), or in a ladder that describes a level
        only by its items (a matrix), the sentence or item closest to the question, one whose label the
        question names a little closer ("Intermediate vs Senior on cost efficiency")."""
        index = self.searcher.index
        lower_names = self._names_pattern(lower, lone_words=False)
        higher_names = self._names_pattern(higher)
        asked = set(stems(words(question), self.searcher.lexicon.stopwords))

        def about_lower(position: int, span: tuple[int, int]) -> bool:
            sentence = index.passages[position].text[slice(*span)].lower()
            if higher_names is not None:  # "Senior Support Specialists are..." is not about a Support Specialist
                if higher_names.match(re.sub(r"^\W*(?:an? |the )?", "", sentence)):  # "A Key Holder is a Sales..."
                    return False
                sentence = higher_names.sub(" ", sentence)
            return lower_names is not None and bool(lower_names.search(sentence))

        stopwords = self.searcher.lexicon.stopwords
        about = ABOUT_A_TOPIC.search(question)
        topic = set(stems(words(question[about.end() - 1 :]), stopwords)) if about else set()
        if not about and (first := TOPIC_FIRST.match(question)):
            topic = set(stems(words(first["topic"]), stopwords)) - PAIR_WORDS
        rest = set(stems(words(question), stopwords)) - PAIR_WORDS
        # "... branch manager lending authority": the higher level's "Lending authority"
        if not about and not topic and rest:
            labels = (set(_label_stems(self.searcher, index.passages[i])) for i in self.by_level.get(higher, []))
            topic = rest if any(rest <= label for label in labels) else set()
        mentioned = any(
            topic & set(stems(words(index.passages[i].text), stopwords)) for i in self.by_level.get(higher, [])
        )
        if not mentioned:  # the topic is nowhere at that level: what the level is, as for no topic
            topic = set()
        # "The difference from an Accountant is ownership: ...": the ladder's own words for it come first.
        for position in self.by_level.get(higher, []) if not topic and lower_names is not None else ():
            text = index.passages[position].text
            for span in sentence_spans(text):
                sentence = text[slice(*span)].lower()
                found = STATES_A_DIFFERENCE.search(sentence)
                # the lower level right after it: "unlike a Marketing Executive", not "unlike the Head of..."
                if found and lower_names.match(re.sub(r"^\s*(?:an? |the )?", "", sentence[found.end() :])):
                    return position, span
        # "What changes at Senior Programmer: you own a system...", under the level below: the ladder's own answer
        for position in self.by_level.get(higher, []) if not topic else ():
            passage = index.passages[position]
            if position in self.readying and any(
                t and CHANGES_LEAD.match(t) for t in (passage.category, passage.heading, passage.text)
            ):
                return position, first_sentence(passage.text) or self._sentence(passage, None)
        # what the level is, from its own overview: not "Grade: Scale 4", nor how one moves up to it
        sections = (Section.OVERVIEW, Section.ROLE)  # "This position signifies...", more than its "Manage a..."
        if not topic and (
            described := self._describing(
                higher, keep=lambda *at: not about_lower(*at), sections=sections, duties=False
            )
        ):
            return described
        # A row of years or a reporting line answers a difference only in those ("...in terms of accounts"), a
        # degree or a certificate only in those ("BSc or MSc" is what both may hold).
        unnamed = self.names.without_names(question.lower()) if self.names else question.lower()
        facts = not ASKS_A_FACT.search(unnamed)
        needs = not ASKS_A_REQUIREMENT.search(unnamed)
        items = [
            i
            for i in self.by_level.get(higher, [])
            if index.passages[i].section in ITEMS
            and not (facts and states_a_fact(index.passages[i]))
            and not (needs and states_a_requirement(index.passages[i]))
        ]

        # its overview says what the level is, not what it does about the topic: only when it says more of the topic
        # than any item ("take phone calls as well as tickets", not "Take scheduled phone ... sessions")
        def of_topic(position: int) -> int:
            return len(topic & set(stems(words(index.passages[position].text), stopwords)))

        rest_of_level = [i for i in self.by_level.get(higher, []) if index.passages[i].section not in ITEMS]
        if topic and max(map(of_topic, rest_of_level), default=0) > max(map(of_topic, items), default=0):
            items += rest_of_level

        def words_bonus(position: int, span: tuple[int, int]) -> float:
            label = set(_label_stems(self.searcher, index.passages[position]))
            bonus = WORDS_BONUS * len(label & asked) / len(label) if label else 0.0
            if topic:  # "... when it comes to on-call": "They take primary on-call shifts"
                said = set(stems(words(index.passages[position].text[slice(*span)]), stopwords))
                bonus += WORDS_BONUS * len(topic & said) / len(topic)
            return bonus

        found = [
            (similarity + words_bonus(position, span), position, span)
            for position in items
            for span, similarity in self._sentences(position, vector)
            if not about_lower(position, span)
        ]
        if not found:
            return None, None
        _, position, span = max(found, key=lambda f: f[0])
        if index.passages[position].section is Section.COMPETENCY:  # a matrix's cell says it as a whole
            return position, (0, len(index.passages[position].text))
        return position, span

    def _names(self, level: tuple[str, int], *, lone_words: bool = True) -> str | None:
        """A level's names, lower-cased, as one alternation of a regular expression (the longest first)."""
        profile = next((p for p in self.searcher.index.profiles if (p.level.doc, p.level.number) == level), None)
        if profile is None or not profile.aliases:
            return None
        kept = [
            a
            for a in profile.aliases
            if lone_words or " " in a.strip() or a == profile.level.title or a.isupper() or any(c.isdigit() for c in a)
        ]
        return "|".join(re.escape(n) for n in sorted({a.lower() for a in kept}, key=len, reverse=True)) or None

    def _title_opening(self, levels: Sequence[tuple[str, int]]) -> re.Pattern[str]:
        """A sentence that opens with one of the levels' titles ("A Senior Data Scientist leads...")."""
        titles = [
            t for lv in self.searcher.index.levels if (lv.doc, lv.number) in levels for t in title_names(lv.title)
        ]
        return re.compile(rf"^(?:an? |the )?(?:{'|'.join(re.escape(t) for t in titles) or '(?!)'})(?![\w-])")

    def _named_anywhere(self, levels: Sequence[tuple[str, int]]) -> re.Pattern[str]:
        """The levels' titles and acronyms anywhere in a lower-cased sentence ("manage the Finance Managers",
        "a team of PMs"), not their one-word names, which are common words too ("leads")."""
        names = {
            name.lower()
            for p in self.searcher.index.profiles
            if (p.level.doc, p.level.number) in levels
            for name in (*title_names(p.level.title), *(a for a in p.aliases if a.isupper()))
        }
        return re.compile(rf"(?<![\w-])(?:{names_alternation(names)})s?(?![\w-])")

    def _names_pattern(self, level: tuple[str, int], *, lone_words: bool = True) -> re.Pattern[str] | None:
        """A level's names as a pattern; without `lone_words`, not its one-word names but codes and its
        title ("Senior" names the Senior Cabin Crew in a question, not in "the senior crew member")."""
        names = self._names(level, lone_words=lone_words)
        return re.compile(rf"(?<![\w-])(?:{names})s?(?![\w-])") if names is not None else None

    def _rows(self, position: int) -> slice:
        starts = self.searcher.index.segments.starts
        return slice(int(starts[position]), int(starts[position + 1]))

    def _features(
        self,
        query: Query,
        hits: Sequence[SearchHit],
        vector: np.ndarray,
        residual: np.ndarray | None,
        position: int,
        form: bool,
        where: SearchFilter,
    ) -> np.ndarray:
        index = self.searcher.index
        passage = index.passages[position]
        w = self.searcher.params.segment_weight
        cosine = float(index.dense.query(vector).similarity(np.array([position]), w)[0])
        rest = residual if residual is not None else vector
        residual_cosine = float(index.segments.of(rest, position).max())
        near = index.dense.query(rest).nearest(5, self.searcher.allowed(where))
        anywhere = max((float(index.segments.of(rest, int(p)).max()) for p in near), default=0.0)
        tokens = set(query.keyword_tokens)
        if tokens:
            found = set(self.searcher.words(position).by_stem) | set(_label_stems(self.searcher, passage))
            coverage = len(tokens & found) / len(tokens)
        else:
            coverage = 0.0
        margin = hits[0].score - hits[1].score if len(hits) > 1 else hits[0].score
        names = self.searcher.level_names
        intent = bool(names is not None and (names.sections_asked(query.normalized) or _asks_rung(names, query)))
        unstated = bool(QUANTITY.search(query.normalized.lower())) and not NUMBER.search(passage.text)
        named = self.names.without_names(query.normalized) if self.names is not None else query.normalized
        terms = unstated_terms(named, what_it_says(passage))  # "Shift Lead" is a level, not a shift
        unknown = min(self._unknown_words(named), UNKNOWN_CAP)
        return np.array(
            [
                cosine,
                residual_cosine,
                anywhere,
                coverage,
                margin,
                float(form),
                float(intent),
                float(unstated),
                float(terms),
                float(unknown),
            ]
        )


def cue_line(text: str, span: tuple[int, int], cues: re.Pattern[str]) -> tuple[int, int]:
    """Of a span of labelled lines ("Reports to: ...", "Base salary: ..."), the first line its form's cues find."""
    start = span[0]
    for line in text[span[0] : span[1]].split("\n"):
        if cues.search(line):
            return stripped(text, start, start + len(line)) or span
        start += len(line) + 1
    return span


def first_sentence(text: str, keep: Callable[[tuple[int, int]], bool] = lambda _: True) -> tuple[int, int] | None:
    """The span of the text's first sentence that says something (four words or more, not a code or a figure;
    not a table's row nor a code line "AP6 · Head of Actuarial Function") and that `keep`s."""
    for span in sentence_spans(text):
        sentence = text[slice(*span)]
        if "\t" not in sentence and " · " not in sentence and len(SAYING_WORD.findall(sentence)) > 3 and keep(span):
            return span
    return None


SAYING_WORD = re.compile(r"(?<![\w-])[A-Za-z][a-z'’]*(?:-[a-z]+)*(?![\w-])")  # "Leads", not "AP4" nor "2–4"


def range_columns(cells: list[tuple[str, tuple[int, int]]]) -> list[int]:
    """A table row's pay range columns beside its currency ("Currency | Minimum | Midpoint | Maximum")."""
    if not any(bare_header(header) == "currency" for header, _ in cells):
        return []
    return [k for k, (header, _) in enumerate(cells) if RANGE_COLUMN.match(bare_header(header))]


def spells_out(acronym: str, passage: Passage, span: tuple[int, int]) -> bool:
    """Whether a passage's sentence spells an acronym out, or a glossary's row headed by it does ("AEO":
    "Authorised Economic Operator. Northgate holds...")."""
    sentence = passage.text[span[0] : span[1]]
    glossed = (passage.heading or "").strip() == acronym and spelled_out(acronym, f"{acronym}: {sentence}")
    return glossed or spelled_out(acronym, sentence)


def spelled_out(acronym: str, sentence: str) -> bool:
    """Whether a sentence spells an acronym out: "quarterly business reviews (QBRs)", "RICE (Reach, Impact,
    Confidence, Effort)", "NMC stands for the Nursing and Midwifery Council", "The SENCO, our Special
    Educational Needs Co-ordinator", "Postgraduate Certificate in Education (PGCE)", "EBR = executive business
    review"."""
    term = rf"(?<![\w&-]){re.escape(acronym)}s?(?![\w&-])"
    letters = "".join(c for c in acronym.lower() if c.isalpha())
    # the words before it: "quarterly business reviews (QBRs)", "non-disclosure agreements, or NDAs"
    for m in re.finditer(rf"\(\s*{term}\s*\)|,? or {term}\b", sentence, re.IGNORECASE):
        before = re.split(r"[.;:()]", sentence[: m.start()])[-1].replace("-", " ").split()
        if any(spells(letters, before[-k:]) for k in range(1, min(len(before), len(letters) + 4) + 1)):
            return True
    explaining = r"\s*(?:\(|,? (?:stands for|is short for|means|refers to)\b|, (?:our|the|a|an|your)\b|\s?[:–—=-](?= ))"
    for m in re.finditer(rf"{term}(?P<how>{explaining})", sentence, re.IGNORECASE):  # the words after it
        inside = m.group("how").strip() == "("  # "RICE (Reach, Impact, Confidence, Effort)"
        after = re.split(r"[.;:()]" if inside else r"[.;:(),–—]| - ", sentence[m.end() :])[0].replace(",", " ").split()
        if m.group("how").strip().startswith(","):
            after = [m.group("how").split()[-1], *after]  # "our", "the": a word it may skip
        if any(spells(letters, after[:k]) for k in range(1, min(len(after), len(letters) + 4) + 1)):
            return True
    return False


SPELLING_CONNECTIVES = frozenset({"of", "and", "&", "for", "to", "in", "on"})  # may give a letter, or not
SKIPPED_WORDS = frozenset({"a", "an", "the", "our", "your"})  # never give one


def spells(letters: str, phrase: Sequence[str]) -> bool:
    """Whether the words, in order, give the letters: each word that is not a connective opens with the next
    letter and may give the ones after it from inside ("Postgraduate" gives P and G); connectives may. Two
    words at least give letters ("estimate" is no spelling of ETA)."""
    found = [w.lower().strip("\"'“”‘’") for w in phrase]

    def from_word(i: int, j: int, giving: int) -> bool:
        if j == len(found):
            return i == len(letters) and giving >= 2
        word = found[j]
        if (word in SPELLING_CONNECTIVES or word in SKIPPED_WORDS) and from_word(i, j + 1, giving):
            return True
        if word in SKIPPED_WORDS or i == len(letters) or not word or word[0] != letters[i]:
            return False
        k, at = i + 1, 1
        while True:
            if from_word(k, j + 1, giving + 1):
                return True
            if k == len(letters) or (at := word.find(letters[k], at) + 1) == 0:
                return False
            k += 1

    return from_word(0, 0, 0)


def _asks_rung(names: LevelNames, query: Query) -> bool:
    """Whether the wording asks for the top or the bottom of a ladder ("the highest product job")."""
    return any(wordings.search(query.normalized.lower()) for wordings, _ in names.ends.values())


def _label_stems(searcher: Searcher, passage: Passage) -> list[str]:
    from index.text import stems, words

    return stems(words(passage.context), searcher.lexicon.stopwords)
