"""Query analysis: spelling, typos, expansions, level names and intents (pure functions)."""

from __future__ import annotations

import pytest

from core.model import Ladder, Level, LevelProfile
from index.text import Jobs, LevelNames, Vocabulary, analyze_query, default_lexicon, stems, words
from ingest.ladder import aliases, name_level, short_name


def make_level(number: int, heading: str) -> LevelProfile:
    name = name_level(heading)
    short = short_name(name)
    return LevelProfile(Level(number, name.title, short, "g.txt"), aliases(name, short))


LEXICON = default_lexicon()
LEVELS = [
    make_level(1, "Associate Product Manager (APM)"),
    make_level(2, "Product Manager (PM)"),
    make_level(3, "Senior Product Manager (Senior PM)"),
    make_level(4, "Group Product Manager / Director of Product"),
    make_level(6, "Chief Product Officer (CPO)"),
]
NAMES = LevelNames.build(LEVELS, LEXICON)
VOCAB = Vocabulary.build(
    ["prioritization frameworks", "Chief Product Officer", "specification writing", "mentorship"],
    LEXICON,
    english=["bread", "bake"],
)


@pytest.mark.parametrize(
    ("typed", "fixed"),
    [
        ("framworks", "frameworks"),
        ("oficer", "officer"),
        ("wrting", "writing"),
        ("mentorhsip", "mentorship"),
        ("bread", "bread"),  # a real word is left alone
        ("pm", "pm"),  # too short to guess at
    ],
)
def test_typo_correction(typed: str, fixed: str) -> None:
    assert VOCAB.correct(typed) == fixed


def test_a_british_ending_is_read_the_american_way_when_the_guides_use_that_word() -> None:
    """A new user's "who prioritises features?" got no answer, while "prioritizes" did."""
    assert VOCAB.correct("prioritises") == "prioritizes"
    assert VOCAB.correct("exercises") == "exercises"  # "exercize" is no word the guides use


def test_short_forms_people_type_are_read_as_the_guides_use_them() -> None:
    """ "prod" was corrected to "PRD" (a new user's "vp prod responsibilities" found the APM's PRDs); it is
    "product" where the guides say product, and left alone where they say production as well."""
    assert analyze_query("prod strategy", LEXICON, VOCAB).normalized == "product strategy"
    both = Vocabulary.build(["product strategy", "production incidents", "group"], LEXICON)
    assert analyze_query("prod incidents", LEXICON, both).normalized == "prod incidents"
    assert analyze_query("grp pm", LEXICON, both).normalized == "group pm"
    # "who chairs the infra design review?" found nothing: the platform ladder says "infrastructure"
    platform = Vocabulary.build(["Chairs the infrastructure design review."], LEXICON)
    assert analyze_query("who chairs the infra design review", LEXICON, platform).normalized == (
        "who chairs the infrastructure design review"
    )


def test_british_spelling_and_typos_in_a_query() -> None:
    query = analyze_query("Prioritisation framworks?", LEXICON, VOCAB)
    assert query.normalized == "prioritization frameworks?"


def test_acronyms_expand() -> None:
    query = analyze_query("who writes the PRDs", LEXICON, VOCAB)
    assert "product requirement documents" in query.expansion
    assert "prds" in query.keyword_tokens and "document" in query.keyword_tokens
    # The encoder reads the meaning in place of the acronym.
    assert query.for_encoder == f"who writes the {LEXICON.expansions['prds']}"
    assert analyze_query("who owns the vision", LEXICON, VOCAB).for_encoder == "who owns the vision"


def test_longest_phrase_expands() -> None:
    """'backlog grooming' expands as a phrase, not as 'grooming' alone."""
    assert analyze_query("backlog grooming", LEXICON, VOCAB).expansion == "backlog maintenance"


def test_an_expansion_does_not_count_a_typed_word_twice() -> None:
    """ "launch" adds "launching shipping": "ship" is new, "launch" was typed once and counts once in BM25."""
    tokens = analyze_query("conception to launch", LEXICON, VOCAB).keyword_tokens
    assert tokens.count("launch") == 1 and "ship" in tokens
    assert analyze_query("backlog grooming", LEXICON, VOCAB).keyword_tokens.count("backlog") == 1


def test_a_response_is_not_a_responsibility() -> None:
    """Snowball stems both "respons"; a first-response target is not every passage labelled Responsibilities."""
    from index.highlight import Words

    found = stems(["response", "responses", "responsibilities", "responsibility", "responsible"], frozenset())
    assert found[:2] == ["respons", "respons"] and set(found[2:]) == {"responsib"}
    assert set(Words.of("Key responsibilities: first-response time", frozenset()).by_stem) >= {"responsib", "respons"}


def test_words_keep_apostrophes() -> None:
    assert words("The team’s backlog") == ["the", "team's", "backlog"]


def test_longest_level_name_wins() -> None:
    """'senior product manager' names level 3, not level 2."""
    assert NAMES.levels_in("what does a senior product manager do") == {("g.txt", 3): 1.0}


def test_a_name_inside_other_names_counts_half() -> None:
    """'PM' is the profession as much as level 2; its plural is only the profession."""
    assert NAMES.levels_in("pm skills") == {("g.txt", 2): pytest.approx(0.25)}
    assert NAMES.levels_in("mentoring junior pms") == {}
    assert NAMES.levels_in("what skills do senior product managers develop") == {("g.txt", 3): 1.0}


def test_a_levels_names_come_out_in_the_plural_and_longer_names_holding_them_stay() -> None:
    """What a question asks about a level: "do PMs still ..." is about the PM; "a senior PM" is another level."""
    pm = [("g.txt", 2)]
    assert NAMES.without_names_of("do pms still do data analysis", pm).split() == [
        "do",
        "still",
        "do",
        "data",
        "analysis",
    ]
    kept = NAMES.without_names_of("do product managers still help out a senior pm like apms do", pm)
    assert kept.split() == ["do", "still", "help", "out", "a", "senior", "pm", "like", "apms", "do"]


def test_getting_into_the_profession_asks_for_the_first_rung_and_into_management_does_not() -> None:
    """A new user's "how do I get into product management?" got the GPM's "Recruit, coach..." at 0.84."""
    for question in ("how do i get into product management", "can i move into product from engineering"):
        assert NAMES.levels_in(question) == {("g.txt", 1): 1.0}
    for other in ("how do i get into people management", "how do i move into product marketing"):
        assert NAMES.levels_in(other) == {}


def test_a_misspelt_difference_still_asks_for_one() -> None:
    """A new user's "whats the diffrence between a PM and a senior PM" read no form (the guides never say it)."""
    assert analyze_query("diffrence between apm and pm", LEXICON, VOCAB, NAMES).normalized.startswith("difference")


def test_conventional_names_are_found() -> None:
    assert NAMES.levels_in("director of product") == {("g.txt", 4): 1.0}
    assert NAMES.levels_in("gpm role") == {("g.txt", 4): 1.0}


def test_intents_name_the_section_and_level() -> None:
    assert NAMES.sections_asked("what does a group product manager do") == {"role": {("g.txt", 4): 1.0}}
    assert NAMES.sections_asked("how do I become a senior PM") == {"overview": {("g.txt", 3): 1.0}}
    assert NAMES.sections_asked("moving from APM to PM")["overview"] == {("g.txt", 2): pytest.approx(0.25)}
    assert NAMES.sections_asked("who writes the PRDs") == {}
    # a new user's search-box "gpm responsibilities" found the introduction and the VP and CPO overviews
    assert NAMES.sections_asked("gpm responsibilities") == {"role": {("g.txt", 4): 1.0}}
    # "become a senior PM" asks for the overview; the skills to become one, for the skills (a new user's got null)
    assert "skills" in NAMES.sections_asked("what skills do I need to become a senior PM")


def test_an_intent_without_a_level_name_is_still_read() -> None:
    """Text naming no level skips the intents only while every intent needs a level name."""
    from dataclasses import replace

    assert NAMES.mentions is not None
    lexicon = replace(
        LEXICON, intents={**LEXICON.intents, "skills": (*LEXICON.intents["skills"], r"what skills matter")}
    )
    names = LevelNames.build(LEVELS, lexicon)
    assert names.mentions is None
    assert names.sections_asked("what skills matter most") == {"skills": None}
    assert NAMES.sections_asked("what skills matter most") == {}


def test_top_and_bottom_rungs() -> None:
    """'the highest product job' is the top rung of the ladder, whatever it is called."""
    assert NAMES.levels_in("highest product job in the company") == {("g.txt", 6): 1.0}
    assert NAMES.levels_in("entry level product job") == {("g.txt", 1): 1.0}
    assert NAMES.levels_in("ex-nurse, where do i start in product management") == {("g.txt", 1): 1.0}
    assert NAMES.levels_in("how do i break into product") == {("g.txt", 1): 1.0}


def test_the_rung_above_a_named_level() -> None:
    """'the role above VP' asks about the level after the VP; the top level has none after it."""
    assert NAMES.levels_in("is there a role above senior pm") == {("g.txt", 4): 1.0}
    assert NAMES.levels_in("i've been an apm for a year, what's the next step?") == {("g.txt", 2): 1.0}
    assert NAMES.levels_in("what comes after the cpo") == {("g.txt", 6): 1.0}
    assert NAMES.levels_in("the first rung of the product ladder") == {("g.txt", 1): 1.0}


def test_the_encoder_reads_the_rung_asked_for_not_the_one_named() -> None:
    """'Is there a role above senior PM?' is about the Group PM: the encoder reads its title, and the
    wording ('role', 'above') is no keyword, or the senior PM's passages would win."""
    query = analyze_query("is there a role above senior pm?", LEXICON, VOCAB, NAMES)
    assert query.for_encoder == "is there a Group Product Manager / Director of Product?"
    assert query.levels == {("g.txt", 4): 1.0}
    assert not {"role", "abov"} & set(query.keyword_tokens)
    assert (
        NAMES.naming_the_neighbour("role above apm and next step after pm")
        == "Product Manager and Senior Product Manager"
    )
    assert NAMES.naming_the_neighbour("what comes after the cpo") == "what comes after the cpo"  # the top has none
    # What follows the name is the asker's own and stays; "what's next" is the wording's.
    assert NAMES.naming_the_neighbour("i'm an apm on payments, what's next?") == "Product Manager on payments, ?"


def test_what_a_question_contrasts_with_is_not_what_it_asks() -> None:
    """ "Own a product rather than a small feature": the feature is what the asker does not mean."""
    query = analyze_query("at which level do i first own a product rather than a small feature?", LEXICON, VOCAB)
    assert query.for_encoder == "at which level do i first own a product?"
    assert "featur" not in query.keyword_tokens and "small" not in query.keyword_tokens
    query = analyze_query("writing specs instead of code, then shipping", LEXICON, VOCAB)
    assert query.for_encoder.startswith("writing spec") and "code" not in query.for_encoder
    assert query.for_encoder.endswith(", then shipping")
    assert analyze_query("rather than", LEXICON, VOCAB).for_encoder == "rather than"  # nothing else: kept


def test_a_name_several_ladders_share_reads_as_each_of_their_next_levels() -> None:
    other = [
        LevelProfile(Level(1, "Senior Product Manager", "Senior PM", "h.txt"), ("Senior Product Manager", "Senior PM")),
        LevelProfile(Level(2, "Staff Product Manager", "Staff PM", "h.txt"), ("Staff Product Manager", "Staff PM")),
    ]
    names = LevelNames.build([*LEVELS, *other], LEXICON)
    assert names is not None
    assert names.past_an_end("the role above staff pm") and not names.past_an_end("the role above senior pm")
    assert names.past_an_end("the role above the cpo", frozenset({"g.txt"}))
    assert not names.past_an_end("the role above senior pm", frozenset({"h.txt"}))
    assert not names.past_an_end("who is above the cpo")  # a person, whom the guide may name
    assert (
        names.naming_the_neighbour("the role above senior pm")
        == "the Group Product Manager / Director of Product or Staff Product Manager"
    )
    assert names.naming_the_neighbour("the role above apm") == "the Product Manager"


def test_a_one_word_name_before_another_ladders_level_describes_it() -> None:
    """ "Junior PMs" are PMs, not a platform ladder's Junior level; "Junior" alone, or before a word that is no
    other ladder's level name, still names it. A one-word name used as a verb is the work: "a GPM lead a team"
    and "does a pm lead user interviews" are the GPM's and the PM's, not the Lead's."""
    platform = [
        LevelProfile(Level(1, "Junior", "Junior", "p.xlsx"), ("Junior",)),
        LevelProfile(Level(2, "Intermediate", "Intermediate", "p.xlsx"), ("Intermediate",)),
        LevelProfile(Level(3, "Lead", "Lead", "p.xlsx"), ("Lead",)),
    ]
    names = LevelNames.build([*LEVELS, *platform], LEXICON)
    assert names is not None
    assert set(names.levels_in("at what pm level do i first mentor junior pms?")) == {("g.txt", 2)}
    assert set(names.levels_in("when does a junior first go on call?")) == {("p.xlsx", 1)}
    assert set(names.levels_in("when do junior engineers go on call?")) == {("p.xlsx", 1)}
    assert set(names.levels_in("how does a gpm lead a team of pms?")) == {("g.txt", 4)}
    assert set(names.levels_in("does a pm lead user interviews?")) == {("g.txt", 2)}
    assert names.levels_in("do pms lead user interviews") == {}
    assert names.levels_in("who do i lead once promoted") == {}
    # the title: asked about, or followed by no object
    assert set(names.levels_in("what does a lead do")) == {("p.xlsx", 3)}
    assert set(names.levels_in("how do i get promoted to lead")) == {("p.xlsx", 3)}
    assert set(names.levels_in("how do i get promoted to lead in a year")) == {("p.xlsx", 3)}
    assert set(names.levels_in("can i get to lead without 8 years")) == {("p.xlsx", 3)}
    # a level the question asks about, whatever follows it (a review of the first version)
    assert set(names.levels_in("is a lead a manager?")) == {("p.xlsx", 3)}
    assert set(names.levels_in("is lead the same as intermediate?")) == {("p.xlsx", 2), ("p.xlsx", 3)}
    assert set(names.levels_in("how do i get promoted to lead this year?")) == {("p.xlsx", 3)}
    agency = LevelNames.build(
        [*LEVELS, LevelProfile(Level(1, "Executive", "Executive", "a.md"), ("Executive",))], LEXICON
    )
    assert agency is not None
    assert agency.levels_in("do executive pms still write specs?") == {}
    assert set(agency.levels_in("what does an executive do?")) == {("a.md", 1)}


def test_the_rung_below_a_level_is_read_as_that_level() -> None:
    """'What is the level below senior PM?' is about the PM; the lowest rung has none below it; a level named
    before another in an ordinary sentence ('an APM title before becoming a PM') asks for no rung."""
    query = analyze_query("what is the level below senior pm?", LEXICON, VOCAB, NAMES)
    assert query.levels == {("g.txt", 2): 1.0}
    assert query.for_encoder == "what is Product Manager?"
    assert NAMES.levels_in("which role comes right before becoming a gpm") == {("g.txt", 3): 1.0}
    assert NAMES.levels_in("what comes before the cpo") == {("g.txt", 4): 1.0}  # this ladder has no level 5
    assert NAMES.naming_the_neighbour("the step before apm") == "the step before apm"  # the bottom has none
    assert NAMES.levels_in("must I hold an apm title before becoming a pm")[("g.txt", 1)] == 1.0
    assert NAMES.neighbours_asked("must I hold an apm title before becoming a pm") == set()
    # "somewhat below" is no "what below"; a wording at the start needs no article
    assert NAMES.neighbours_asked("is an apm salary somewhat below a pm's?") == set()
    assert NAMES.neighbours_asked("level under group product manager") == {(("g.txt", 4), ("g.txt", 3))}
    assert NAMES.neighbours_asked("prior level to senior pm") == {(("g.txt", 3), ("g.txt", 2))}
    assert NAMES.neighbours_asked("before becoming a senior pm what role are you usually in") == {
        (("g.txt", 3), ("g.txt", 2))
    }
    # two wordings, two neighbours
    assert NAMES.levels_in("the role below a gpm and the role above a gpm") == {("g.txt", 3): 1.0, ("g.txt", 6): 1.0}


def test_the_rung_between_two_levels_is_the_one_between_them() -> None:
    """Either order; two levels side by side have none between them (nor do two of different ladders)."""
    assert NAMES.levels_in("which level sits between pm and group product manager?") == {("g.txt", 3): 1.0}
    assert NAMES.levels_in("the role between the gpm and the pm") == {("g.txt", 3): 1.0}
    assert NAMES.levels_in("the role between senior pm and cpo") == {("g.txt", 4): 1.0}  # no level 5 here
    assert NAMES.naming_the_neighbour("the role between apm and senior pm?") == "Product Manager?"
    assert NAMES.neighbours_asked("what's between apm and pm") == set() and NAMES.past_an_end(
        "what's between apm and pm"
    )
    assert NAMES.neighbours_asked("the bridge between business and pm work") == set()


def test_a_neighbour_past_either_end_is_asked_of_no_level() -> None:
    assert NAMES.past_an_end("what is the level below apm?") and NAMES.past_an_end("the role above the cpo")
    assert not NAMES.past_an_end("what is the level below a pm") and not NAMES.past_an_end("who writes prds")
    assert NAMES.without_neighbour_wordings("what skills does the level below the cpo need").split() == [
        "what",
        "skills",
        "does",
        "need",
    ]


def test_next_rung_wording_keeps_to_whole_names_and_ordinary_questions_name_no_rung() -> None:
    assert NAMES.levels_in("what is the next step for a pmm") == {}
    assert NAMES.levels_in("role above apm and role above pm") == {("g.txt", 2): 1.0, ("g.txt", 3): 1.0}
    assert NAMES.levels_in("as a pm, what's the next step after writing a prd") == {("g.txt", 2): pytest.approx(0.25)}
    assert NAMES.levels_in("where do i start learning guitar") == {}


def test_terms_of_employment_are_not_everyday_words() -> None:
    from index.answer import unstated_terms

    for question in ("vp salary", "do i need a degree to be a pm", "parental leave for pms", "is the role remote"):
        assert unstated_terms(question, "Own the roadmap."), question
    assert not unstated_terms("is the role remote", "The role is fully remote.")
    for question in ("how do i excel as a senior pm", "how does the focus shift", "to what degree does a pm own it"):
        assert not unstated_terms(question, "Own the roadmap."), question
    # a sum is pay unless it is a deal's, a budget's or a limit's
    assert not unstated_terms("senior ae salary", "Base salary band: $120,000 – $140,000.")
    assert not unstated_terms("senior ae salary", "$120,000 – $140,000")
    for deal in (
        "Negotiates agreements above $150k ARR.",
        "Manages a budget of about £3m.",
        "Approves orders over £5,000.",
    ):
        assert unstated_terms("senior ae salary", deal), deal


def test_a_requirement_is_a_degree_or_a_certificate_under_its_label_not_work() -> None:
    from core.model import Passage, Section, Source
    from index.answer import states_a_requirement

    def cell(label: str, text: str) -> Passage:
        return Passage("p", None, Section.COMPETENCY, label, text, Source("m.xlsx", 0, 1))

    assert states_a_requirement(cell("Education", "BSc or MSc"))
    assert states_a_requirement(cell("Professional qualifications", "ACII (Chartered Insurer)"))
    assert not states_a_requirement(cell("Qualification", "Qualifies complex deals that involve several units."))
    assert not states_a_requirement(cell("Leadership", "BSc or MSc"))
    assert states_a_requirement(cell("Qualifications", "Bachelors degree in a numerate subject"))
    assert states_a_requirement(cell("Qualifications", "Holds the CII Diploma"))


JOBS = Jobs.of(
    {"sales": "sales.csv", "support": "support.docx"},
    {"platform": "platform.xlsx"},
    {"matrix": ("pm.xlsx", frozenset({"competency", "pm"}))},
    {"finance": "finance.md"},
    {"rank": "fire-ranks.pdf"},
)


@pytest.mark.parametrize(
    ("question", "doc"),
    [
        ("at what level do I first manage people in sales?", "sales.csv"),
        ("who owns the budget in support", "support.docx"),
        ("what's above a lead in the support team?", "support.docx"),
        ("the sales ladder's top level", "sales.csv"),
        ("how do PMs work with sales?", None),  # work with a team, not in its ladder
        ("what do I do in sales meetings?", None),
        ("who writes the PRDs?", None),
        ("at what level do I manage people in customer support?", "support.docx"),
        # the question's own clause opens after the ladder's words
        ("at what level in customer support do I first manage people?", "support.docx"),
        ("at which level in sales do you start hiring?", "sales.csv"),
        ("when in support do I first manage people?", "support.docx"),
        ("what do people in support do all day?", None),  # no clause of its own opens after "support"
        # "in platform sales" is not the sales ladder: a word before the job that names another ladder
        ("at what level in platform sales do I first hire?", None),
        # only right after a word for a level: here the platform team is asked about, not sales
        ("with 3 years in sales do I qualify for a senior role on the platform team?", "platform.xlsx"),
        ("who signs off discounts in sales at acme?", "sales.csv"),
        ("should we invest in support?", None),  # not a question about levels
        ("I used to work in sales.", None),
        # a word of a ladder's title names it only beside a word for a ladder or a team
        ("platform team: senior vs staff?", "platform.xlsx"),
        ("who runs incidents on the platform team?", "platform.xlsx"),
        ("which level owns the platform?", None),
        ("who decides in platform?", None),
        ("who decides in the platform team?", "platform.xlsx"),
        ("who handles complaints from customers in the platform?", "platform.xlsx"),  # a school's "in the shop?"
        ("per the platform ladder, does a Group PM still code?", "platform.xlsx"),  # named as one: any question
        ("how should I prepare to work with the platform team?", None),  # a team, not its levels
        ("in the sales competency matrix, who hires?", "sales.csv"),
        ("what does the PM competency matrix say about specs?", "pm.xlsx"),
        ("which level owns the prioritisation matrix?", None),
        # a word of a ladder's levels ("Finance Manager") names it only right before a word for a ladder
        ("in the finance ladder, who approves journals?", "finance.md"),
        ("at what level do I approve journals in finance?", "finance.md"),  # "...in housekeeping?"
        ("when do I first approve journals in the finance?", "finance.md"),  # a bank's "...in the branch?"
        ("who approves journals in the finance department?", "finance.md"),
        ("who signs off finance approvals at each level?", None),
        ("what does a finance manager do?", None),
        # a ladder's own word for its levels names it when a question asks for one
        ("at what rank do I first line manage people?", "fire-ranks.pdf"),
        ("which ranks carry a pager?", "fire-ranks.pdf"),
        ("how do I rank my priorities?", None),
        # "as a ..." at a clause's end names the job's ladder too
        ("at what level do I first manage people as a sales rep?", "sales.csv"),
        ("at what level do I first manage people as a product manager?", None),
        # a likeness is not the asker's job
        ("at what level is a PM the same level as a sales rep?", None),
        ("which level is paid as much as a sales rep?", None),
    ],
)
def test_a_ladder_named_by_its_job(question: str, doc: str | None) -> None:
    assert JOBS.ladder_named(question) == doc


def test_ladders_named_by_their_title_or_file_when_their_titles_share_no_word(ladders_engine) -> None:  # type: ignore[no-untyped-def]
    """The platform matrix's levels are Junior...Principal and the backend ladder shares "engineer" with the
    security one: their title and file name name them. "Management" (the PM guide's title) is a form of the EM
    ladder's "manager", so it does not name the PM guide."""
    jobs = ladders_engine.searcher.jobs
    assert jobs.ladder_named("platform team: senior vs staff?") == "platform-competencies.xlsx"
    # "matrix" is the PM matrix's own word for itself, beside another of its words ("competency"), and a job
    # word beside it names that job's ladder
    assert jobs.ladder_named("per the PM competency matrix, does a Group PM still write specs?") == (
        "pm-competency-matrix.xlsx"
    )
    assert jobs.ladder_named("in the sales competency matrix, who hires?") == "sales-competencies.csv"
    assert jobs.ladder_named("which level owns the prioritisation matrix?") is None
    # a question naming a level is about levels, whatever its other words
    assert jobs.ladder_named("on the platform team can i get to staff?") is None
    assert jobs.ladder_named("on the platform team can i get to staff?", names_a_level=True) == (
        "platform-competencies.xlsx"
    )
    # called what it is, a ladder is not searched for; a word between says what is asked
    assert "matrix" not in jobs.without_ladder_noun_phrase("in the pm competency matrix, who hires?")
    assert "severity" in jobs.without_ladder_noun_phrase("who designs the security severity matrix?")
    assert jobs.ladder_named("who does a senior engineer on the backend team report to?") == "backend-engineer.md"
    assert jobs.ladder_named("in the engineering management ladder, who hires?") == "engineering-manager.html"
    # two words or more of a title name its ladder as a job does ("in platform engineering"); a level's whole
    # name does not ("Engineering Manager" is the EM ladder's title and a level of it)
    assert jobs.ladder_named("in platform engineering, who runs incidents?") == "platform-competencies.xlsx"
    assert jobs.ladder_named("product management career path: who hires?") == "pm-career-path.txt"
    assert jobs.ladder_named("at what level in data science do I first manage people?") == "data-science.txt"
    assert jobs.ladder_named("how does product management work with design?") is None
    assert "engineering manager" not in jobs.ladders
    # a form of another ladder's job names none ("the management track": managers are the EM ladder's job)
    assert jobs.ladder_named("on the management track, who hires?") is None
    # the words of one ladder's title or file name before a word for a ladder name it, even short ones ("PM");
    # words every ladder's title has ("career path") name none
    assert jobs.ladder_named("who approves pricing, according to the PM career guide?") == "pm-career-path.txt"
    assert jobs.ladder_named("who grants warehouse access, according to the analyst framework?") == "data-analyst.pdf"
    assert jobs.ladder_named("what's the career path for a data analyst?") is None
    assert jobs.ladder_named("who owns models in the data framework?") is None  # the analysts' and the scientists'
    # and the whole name goes, with its brackets: what is left is what the question asks
    assert jobs.without_ladder_noun_phrase("who reviews the specs junior pms write (pm competency matrix)?") == (
        "who reviews the specs junior pms write  ?"
    )


def test_a_title_s_runs_of_words() -> None:
    from index.text import TITLE_STOPWORDS, title_phrases

    assert title_phrases("Orbital Data Science Career Framework", TITLE_STOPWORDS) == {
        "orbital data",
        "data science",
        "orbital data science",
    }
    assert title_phrases("The Product Management Career Path: A Full Guide", TITLE_STOPWORDS) == {"product management"}
    assert title_phrases("Security Ladder", TITLE_STOPWORDS) == {"security"}  # its one word, when that is all
    assert title_phrases("", TITLE_STOPWORDS) == set()


@pytest.mark.parametrize(
    ("title", "parts"),
    [
        ("VP of Product / Head of Product", ["VP of Product", "Head of Product"]),
        ("Assistant / Deputy Headteacher", ["Assistant Headteacher", "Deputy Headteacher"]),
        ("Senior or Staff Engineer", ["Senior Engineer", "Staff Engineer"]),
        ("Manager / Team Lead", ["Manager", "Team Lead"]),  # a noun alone keeps its own name
        ("Junior / Senior", ["Junior", "Senior"]),
        ("Staff / Senior Staff Engineer", ["Staff Engineer", "Senior Staff Engineer"]),
        ("Junior / Senior / Staff Engineer", ["Junior Engineer", "Senior Engineer", "Staff Engineer"]),
        # Only a title of modifiers and a noun lends its noun ("Deputy of Department" is no title).
        ("Deputy / Head of Department", ["Deputy", "Head of Department"]),
        ("Associate / Senior Associate", ["Associate", "Senior Associate"]),
        ("Principal / Head Teacher", ["Principal", "Head Teacher"]),
    ],
)
def test_a_lone_modifier_shares_the_next_titles_noun(title: str, parts: list[str]) -> None:
    """A new user's "Assistant / Deputy Headteacher" was called "Assistant" for short, and the word "assistant"
    in a question named it."""
    from ingest.ladder import split_title

    assert split_title(title) == parts
    assert make_level(5, title).level.short != "Assistant"


def test_british_and_american_spellings_have_one_stem() -> None:
    """A blind question's "PE license" is the guide's "PE licence"."""
    for british, american in [("licence", "license"), ("organisation", "organization"), ("programme", "program")]:
        assert stems([british], frozenset()) == stems([american], frozenset())
    assert stems(["analyse"], frozenset()) == stems(["analyze"], frozenset())
    # endings other words share are left alone: a review's "rolled" had become "role", "four" "for"
    for word, other in [("rolled", "role"), ("filled", "file"), ("four", "for"), ("hour", "hor")]:
        assert stems([word], frozenset()) != stems([other], frozenset())
    assert stems(["skilled"], frozenset()) == stems(["skill"], frozenset())
    assert stems(["calling"], frozenset()) == stems(["call"], frozenset())


def test_an_ampersand_joins_a_word() -> None:
    """ "P&L" and "R&D" are words, not the letters "p", "l", "r", "d" that no search can use."""
    assert words("Owns the P&L; R&D and Q&A teams & more") == [
        "owns",
        "the",
        "p&l",
        "r&d",
        "and",
        "q&a",
        "teams",
        "more",
    ]


def test_a_name_as_a_question_reads_once_respelled_and_one_word_names_that_start_other_titles() -> None:
    """A question is respelled ("programme" is read as "program"), so "what does a programme manager do" named no
    level of a ladder titled "Programme Manager" (tests/data/consult); "the VP of Engineering" is no VP of
    Product, "the head of data" no Head of Product (review 9)."""
    programmes = [make_level(7, "PM-4  Programme Manager"), make_level(8, "PM-5  Programme Director")]
    product = [make_level(9, "VP of Product / Head of Product")]
    names = LevelNames.build([*LEVELS, *programmes, *product], LEXICON)
    assert names is not None
    asked = analyze_query("what does a programme manager do", LEXICON, VOCAB, names)
    assert asked.normalized == "what does a program manager do" and set(asked.levels) == {("g.txt", 7)}
    assert set(names.levels_in("who reports to the vp?")) == {("g.txt", 9)}
    assert names.levels_in("who reports to the vp of engineering?") == {}
    assert names.levels_in("who reports to the head of data") == {}
    assert set(names.levels_in("what does the head of product do")) == {("g.txt", 9)}
    for asked in ("what does a vp, product do", "what does a vp (product) do"):  # the VP (review 10)
        assert set(names.levels_in(asked)) == {("g.txt", 9)}, asked


@pytest.mark.parametrize(
    ("question", "doc"),
    [
        ("who mentors junior data engineers?", "data.md"),
        ("who supervises senior nurses", "nursing.docx"),
        ("how do data engineers get on call", "data.md"),
        ("who manages the managers", None),  # a job word alone, in the plural
        ("who hires senior managers?", None),  # a job every kind of work has
        ("do nurses work with data engineers", None),  # people of two ladders
        ("who supports the data team", None),  # no one's plural
        ("how do senior data engineers work with product managers", None),  # another ladder's job word too
    ],
)
def test_a_question_naming_one_ladder_s_people_is_about_that_ladder(question: str, doc: str | None) -> None:
    """ "Who mentors junior data engineers?" got the PM guide's "Guide and mentor junior PMs" (0.79)."""
    jobs = Jobs.of(
        {"engineer": "data.md", "data": "data.md", "nurse": "nursing.docx", "manager": "pm.txt", "product": "pm.txt"}
    )
    assert jobs.people_named(question) == doc


def test_full_width_letters_read_as_the_letters_they_are() -> None:
    """An East Asian keyboard's "ｗｈｏ ｗｒｉｔｅｓ ｔｈｅ ＰＲＤｓ" was unrelated, with no results."""
    wide = analyze_query("ｗｈｏ ｗｒｉｔｅｓ ｔｈｅ ＰＲＤｓ", LEXICON, VOCAB)
    assert wide == analyze_query("who writes the PRDs", LEXICON, VOCAB)


def test_getting_people_reporting_to_you_is_managing_them() -> None:
    """ "At what level do I first get PMs reporting to me" asks for people management, as "...manage people"
    does; "do I have to report to her" asks nothing of it."""
    from index.cues import default_cues, questioned_cues

    for question in ("when do i first get pms reporting to me", "at what level do i first have engineers report to me"):
        assert questioned_cues(question, default_cues()) == {"people management"}, question
    for question in ("do apms have to report to you", "i have been reporting to her", "has yet to report to them"):
        assert not questioned_cues(question, default_cues()), question


def test_sick_or_shift_pay_is_no_question_of_a_level_s_pay() -> None:
    from index.answer import compile_forms

    pay = next(f for f in compile_forms(NAMES) if f.name == "pay")
    for asked in (
        "pay for senior pms",
        "what is the base pay for a pm",
        "how much do they pay for a pm",
        "take-home pay for a pm",
        "what is the salary range for a senior pm in london",  # a place after the level
    ):
        assert any(p.search(asked) for p, _ in pay.patterns), asked
    for kind in ("sick pay", "holiday pay", "shift pay", "standby pay", "on-call pay", "back pay", "sick-pay"):
        assert not any(p.search(f"{kind} for senior product managers") for p, _ in pay.patterns), kind


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("who do drivers report to", True),
        ("who does the head of the pricing team report to", True),
        ("does the pm report to the cpo", True),
        ("what is the reporting line for planners", True),
        ("who presents the actuarial function report to the board", False),  # a report handed over
        ("who owns the monthly performance report to the executive committee", False),
        ("what does a lead data analyst report to the executive committee", False),  # what is reported
        ("how many people report to a team leader", False),  # who reports to someone
        ("who reports to the cfo", False),
        ("when do i first get pms reporting to me", False),
    ],
)
def test_which_questions_ask_someone_s_reporting_line(question: str, asks: bool) -> None:
    from index.answer import asks_reporting_line

    assert asks_reporting_line(question) == asks


def test_a_count_of_people_is_a_number_of_people() -> None:
    """ "How many people report to a Lead Technician" had been answered by the cell "Lead Technician (MT4)" of
    the level below, and a Lead Programmer's by "...runs the programming team of one project"."""
    from index.answer import COUNTED

    for sentence in (
        "leads a team of 8 to 15 operatives on one shift",
        "the team lead leads a team of six to twelve declarants and assistants",
        "may manage a group of up to ten people",
        "leads a design team of 4–8 designers",
        "principal programmers have no direct reports unless they ask for them",
    ):
        assert COUNTED.search(sentence), sentence
    for sentence in (
        "lead technician (mt4)",
        "a lead programmer runs the programming team of one project.",
        "8 years or more in road transport",
        "reports to the service desk team leader (2nd line).",
        "last reviewed: january 2026 by the group front office lead",
    ):
        assert not COUNTED.search(sentence), sentence


def test_a_report_handed_to_someone_is_no_reporting_line() -> None:
    """ "Presents the Actuarial Function Report to the Board" had answered "chief actuary reports to" at 0.99."""
    import re

    from index.answer import forms_data

    cues = re.compile(forms_data()["report_to"]["cues"])
    for line in (
        "reports to the cfo",
        "report to: head of sales",
        "• report to the cto",
        "sdrs report to a sales manager",
        "they each report to the director",
        "the pm will report to the gpm",
        "both roles report into the coo",
    ):
        assert cues.search(line), line
    for line in (
        "presents the actuarial function report to the board every year",
        "owns the agency's monthly performance report to the executive committee",
        "uses the cmm report to decide whether a set-up is right",
        "writes this report to the board",
    ):
        assert not cues.search(line), line


def _ladder(doc: str, *titles: str) -> Ladder:
    levels = tuple(LevelProfile(Level(n, t, t, doc), (t,)) for n, t in enumerate(titles, 1))
    return Ladder(doc, "markdown", None, levels, {})


@pytest.mark.parametrize(
    ("question", "doc"),
    [
        ("when do data analysts first build machine learning models?", "analyst.pdf"),
        ("when do security analysts first go on call", "security.xlsx"),
        ("at what level would a backend engineer first have people reporting to them?", "backend-engineer.md"),
        ("do data analysts work with security analysts?", None),  # people of two ladders
        ("who mentors analysts?", None),  # a job two ladders' titles have, alone
        ("will it lead to a pay rise?", None),  # "it" is the IT ladder's word, "lead" a word of its titles
        ("do team leads approve discounts?", None),  # a lead of every kind of work
        ("who helps it support analysts?", "it.md"),
    ],
)
def test_two_words_of_a_ladder_s_titles_name_its_people(question: str, doc: str | None) -> None:
    """ "When do data analysts first start building machine learning models?" was answered from the data
    science ladder, and "...would a backend engineer first have people reporting to them" by the VP of
    Engineering: "data analyst" ends the titles of one ladder only, and "backend" names its ladder before a
    word of its titles."""
    ladders = [
        _ladder("analyst.pdf", "Data Analyst I", "Data Analyst II", "Senior Data Analyst", "Analytics Manager"),
        _ladder("security.xlsx", "Security Analyst I", "Security Analyst II", "Senior Security Engineer"),
        _ladder("platform.xlsx", "Platform Engineer", "Senior Platform Engineer", "Staff Platform Engineer"),
        _ladder("backend-engineer.md", "Engineer I", "Engineer II", "Senior Engineer", "Staff Engineer"),
        _ladder("it.md", "IT Support Analyst", "Senior IT Support Analyst", "IT Team Lead"),
    ]
    assert Jobs.build(ladders).people_named(question) == doc
