"""The rules of /growth that need no model: cues (index/cues.py), bylines, evidence, what sums a level up, and
the word-for-word alignment of an item with a sentence."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from core.encoder import TokenStates
from core.model import Level, Passage, Section, Source, is_no_item
from index.cues import asked_cues, default_cues, stated_cues
from index.growth import (
    Growth,
    alignment,
    done,
    falls_short,
    is_byline,
    rarity,
    says_only_who,
    summaries,
    word_states,
)
from index.match import is_experience_line, self_titles, years_only
from index.text import LevelNames, default_lexicon
from tests.test_text import make_level

CUES = default_cues()
NAMES = LevelNames.build(
    [
        make_level(1, "Support Associate"),
        make_level(2, "Senior Support Specialist"),
        make_level(3, "Support Lead"),
        make_level(4, "Analytics Manager (AM)"),  # a name that is a common word: "I am"
    ],
    default_lexicon(),
)


@pytest.mark.parametrize(
    ("item", "cues"),
    [
        ("Recruit, coach, and develop a team of Product Managers.", {"people management", "hiring"}),
        ("Hold fortnightly one-on-ones and write performance reviews for each team member", {"people management"}),
        ("Interview and hire new Associates and Specialists", {"hiring"}),
        ("Interviews SDR and AE candidates and runs the mock discovery exercise.", {"hiring"}),
        ("Define and monitor key performance metrics for your product area.", {"metrics"}),
        ("Present team strategies and results to senior leadership.", {"executive communication"}),
        (
            "Present support KPIs and customer trends to the leadership team every month",
            {"metrics", "executive communication"},
        ),
        (
            "Work closely with engineering, design, marketing, and sales teams to bring products to market.",
            {"go to market"},
        ),
        ("Ensure successful building, testing, and launching of features.", {"launching"}),
        ("Establish standards for product management practices within the organization.", {"standards"}),
        ("Oversee the budget and hiring plans for the product organization.", {"budget", "hiring"}),
        ("Designs the department's structure and reporting lines for the next 12-18 months of growth.", {"org design"}),
        ("Provides line management for one or two Insight Analysts.", {"people management"}),
        ("Is the line manager for the site's two apprentices.", {"people management"}),
        ("Works with their line manager to set goals for the year.", set()),
        # What no cue asks: the item is left to the encoder alone.
        ("Guide and mentor junior PMs in their roles.", set()),
        ("Prospects into new executive hires at named accounts.", set()),  # "hires" the noun
        ("Offer significant input into the overall product strategy and roadmap.", set()),
        ("Write the analysis plan for an A/B test before it launches, with the primary metric", set()),
    ],
)
def test_what_an_item_asks(item: str, cues: set[str]) -> None:
    assert asked_cues(item, CUES) == cues


@pytest.mark.parametrize(
    ("sentence", "cues"),
    [
        ("He ran their weekly 1:1s and co-wrote their mid-year reviews with me.", {"people management"}),
        ("He sat on the interview panel that hired our new connectors PM.", {"hiring"}),
        ("Since March I've been the interim manager for two PMs.", {"people management"}),
        ("I built the Looker dashboard for them.", {"metrics"}),
        ("Once a month I take the retention readout to the exec staff meeting.", {"executive communication"}),
        ("He worked directly with the design lead and the marketing team on the wording.", {"go to market"}),
        ("I ran the 10% staged rollout and triaged launch bugs.", {"launching"}),
        ("I wrote the product review standard we now use.", {"standards"}),
        ("I own the product org's $9M budget.", {"budget"}),
        ("My first big move was the reorg.", {"org design"}),
        ("Since May I have been the line manager for our two new analysts.", {"people management"}),
        ("I have no line management responsibilities yet.", set()),
        ("I escalate outages to my line manager to get sign-off.", set()),
        ("I asked my line manager for a pay review.", set()),
        ("I am line manager to three engineers.", {"people management"}),
        ("Marcus took over filling our two open AE seats.", {"hiring"}),
        ("She ran the interviews from first screen to final round.", {"hiring"}),
        # Near misses: work of a level below, said in the same words.
        ("I mentor two junior PMs and pair with them on discovery.", set()),
        ("I gave input into this year's product strategy.", set()),
        ("He ran the comparison of no-show rates by reminder timing.", set()),
        ("I walked our two iOS engineers through the user stories.", set()),
        # What a junior person writes about their own manager, hiring or tools.
        ("I had my first performance review in June.", set()),
        ("My line manager is Sam, and in my 1:1 with him we go through my tickets.", set()),
        ("I have weekly 1:1s with my manager.", set()),
        ("I manage ten tickets a day.", set()),
        ("I was hired in March and was brought on as a junior analyst.", set()),
        ("I check the dashboard every morning.", set()),
        ("I filled in the open fields of the ticket form.", set()),
        ("I made it to the final round of the hackathon.", set()),
        ("I work with sales on customer questions.", set()),
        ("I fixed bugs in the feature we shipped.", set()),
        ("I reported the issue to the CTO's assistant.", set()),
    ],
)
def test_what_a_sentence_states(sentence: str, cues: set[str]) -> None:
    assert stated_cues(sentence, CUES) == cues


@pytest.mark.parametrize(
    ("sentence", "byline"),
    [
        ("Performance review 2024: Lena Fischer, Senior Support Specialist, Corvid Analytics.", True),
        ("Reviewer: Sam Reyes, Support Lead.", True),
        ("Support Associate, Fieldnote (scheduling software for clinics) | Sep 2024 - present", True),
        # What someone does, though it names a level.
        ("I manage two Support Associates.", False),
        ("I manage two Support Associates, Ana and Raj.", False),
        ("As Support Lead, I own the $4M budget.", False),
        ("We hired a Support Lead, finally.", False),
        ("She mentored two Support Associates, Jonah and Priti, through their first 90 days on the queue.", False),
        ("Reviewer: Sam Reyes.", False),  # names no level
        # A sentence that only gives the writer's title, and at most where.
        ("I am a Support Lead.", True),
        ("I'm a Senior Support Specialist at Brightdesk.", True),
        ("Support Associate — Brightdesk — 2021 to 2022", True),
        ("I am a Support Lead and I run the weekly rota.", False),
        # a title and where, however long (an HR trial's "shown" evidence for scheduling maintenance)
        ("I'm a Support Lead on the day shift at our Leeds contact centre.", True),
        ("I'm a Support Lead who runs the weekly rota.", False),
        ("I'm a Support Lead running the weekly rota for the Leeds team.", False),  # a review's: its -ing verb
        ("I'm a Support Lead working at our Leeds contact centre.", True),
        ("I'm a Support Lead; I run the weekly rota.", False),
        # a law firm's Finance Officer had "shown" supervising the day-to-day work of Finance Officers
        ("I work as a Support Lead in the billing team.", True),
        ("I work as a Support Lead and I run the weekly rota.", False),
        ("I work as a Support Lead and supervise two Support Associates.", False),  # a review's
        ("I hire Support Associates.", False),  # names a level, gives no title
        ("We hired a Support Lead.", False),
    ],
)
def test_a_byline_says_who_not_what(sentence: str, byline: bool) -> None:
    assert is_byline(sentence, NAMES, default_lexicon().stopwords) is byline


@pytest.mark.parametrize(
    ("sentence", "evidence"),
    [
        ("I ran the weekly 1:1s for the team.", True),
        ("It landed in six weeks with no regretted attrition.", True),
        ("I not only run 1:1s but also hire for the team.", True),
        ("I run 1:1s with my lead engineers.", True),
        ("I wrote our hiring plan for next year.", True),
        ("Manager for the support team since March; I run weekly 1:1s.", True),
        ("I have never held one-on-ones or hired anyone.", False),
        ("I haven’t run an interview loop yet.", False),  # the apostrophe a word processor types
        ("I would like to start interviewing new Associates.", False),
        ("Next year I hope to build the weekly shift rota.", False),
        ("Next year he should begin to adapt his lessons for pupils with SEND.", False),  # a review's goal
        ("She needs to take on the department's timetable.", False),
        # ... but a plan of the work itself is evidence of doing it.
        ("Daniel drafted where the department's data architecture should be by 2027.", True),
        ("I decide which features should ship each quarter.", True),
        ("If I need to, I replay the API calls myself.", True),
        ("I decide with engineering what we should build next quarter.", True),
        ("I coach my PMs on which metrics they should track.", True),
        ("Goals for next year: running one-on-ones.", False),
        ("My manager holds weekly one-on-ones with me.", False),
        ("When my manager is away, I run the weekly one-on-ones.", True),  # the writer's clause after the comma
        ("Manager: Dana Lee, Support Team Lead, manages a team of eight Associates.", False),
        ("## Interviewing and hiring new Support Associates for the team", False),
        # others' work and a review's areas to develop (tests/data/pharma: four such items listed as shown)
        ("Bioassays and the impurity methods are still run by the senior analysts.", False),
        ("Areas to develop: he has mentored no one yet and sits on no panel.", False),
        ("Development areas: chairing the review.", False),
        ("I run the bioassays that used to be done by contractors.", True),
        ("The platform migration was led by me and shipped in March.", True),
    ],
)
def test_what_the_writer_has_not_done_is_no_evidence(sentence: str, evidence: bool) -> None:
    assert bool(done(sentence)) is evidence


def test_only_the_clauses_that_say_what_the_writer_does_are_evidence() -> None:
    """ "I haven't hired anyone, but I run the weekly 1:1s": people management, not hiring."""
    clauses = done("I don't hire yet, but I run the weekly 1:1s for the team")
    assert "1:1s" in clauses and "hire" not in clauses
    assert stated_cues(clauses, CUES) == {"people management"}


def passage(section: Section, level: Level, n: int) -> Passage:
    return Passage(f"g.{section.value}.{n}", level, section, None, "text", Source("g.txt", 0, 4))


def test_what_sums_a_level_up() -> None:
    level = Level(2, "Specialist", None, "g.txt")
    one_paragraph = [passage(Section.OVERVIEW, level, 1), passage(Section.SKILLS, level, 2)]
    a_list = [*one_paragraph, passage(Section.SKILLS, level, 3)]
    items = {Section.OVERVIEW, Section.SKILLS, Section.RESPONSIBILITY}
    assert set(summaries(one_paragraph, items)) == {Section.ROLE, Section.OVERVIEW, Section.SKILLS}
    assert set(summaries(a_list, items)) == {Section.ROLE, Section.OVERVIEW}  # listed skills are items
    assert summaries(a_list, {Section.OVERVIEW, Section.SKILLS}) == (Section.ROLE, Section.OVERVIEW)
    assert summaries(one_paragraph, {Section.OVERVIEW, Section.SKILLS}) == ()  # prose: its paragraphs show


@pytest.mark.parametrize(
    ("text", "experience"),
    [
        ("5+ years\tHead of Customer Support", True),
        ("Typical experience: 0-2 years, often a first analytics role", True),
        ("typically requires a minimum of 12 years of relevant experience.", True),
        ("Aligns directors and VPs behind technical investments that take years to pay off.", False),
        ("Has owned a P&L for 3+ years", False),  # an ask one can show or lack
        ("0-1 years\tSupport Team Lead", True),
        ("6-10 years.", True),  # a Markdown ladder's "_Experience: 6-10 years._", its heading "Experience"
        # labelled, however long (a new user's was a gap, and "carried" by the next level)
        ("Typical experience: 6+ years, including at least two years as a Senior Software Engineer or above.", True),
        (
            "Writes the multi-year data science strategy with the Chief Data Officer over the next 3 years, "
            "and presents it to the board every quarter",
            False,
        ),
    ],
)
def test_a_line_of_years_is_no_item(text: str, experience: bool) -> None:
    """A next level's "5+ years<tab>Head of Customer Support" was listed as a gap."""
    assert is_experience_line(text) is experience


def test_a_line_of_years_is_no_item_whatever_its_heading() -> None:
    """A Markdown ladder's "_Experience: typically 2-5 years of teaching._" is read as the heading "Experience"
    over "typically 2-5 years of teaching.", which alone does not say it is about experience."""
    level = Level(2, "Classroom Teacher", None, "t.md")
    text = "typically 2-5 years of teaching."
    line = Passage("t.overview.1", level, Section.OVERVIEW, "Experience", text, Source("t.md", 0, len(text)))
    assert years_only(line) and not is_experience_line(text)
    assert not years_only(replace(line, heading="Teaching"))
    long = "Level 3: Senior Software Engineer, Payments Platform"  # a heading too long to read as a label
    assert years_only(replace(line, heading=long, text="Experience: typically 5-8 years."))


def test_a_labelled_line_of_experience_none_required_is_no_item() -> None:
    """A Markdown ladder's "Typical experience: none required; apprenticeship..." after its "To move up" list was
    read as what readies a technician for the level above (the answer to "how do I get from MT1 to MT2")."""
    level = Level(1, "Manufacturing Technician I", "MT1", "m.md")
    text = "Typical experience: none required; apprenticeship or high school diploma"
    line = Passage("m.overview.1", level, Section.OVERVIEW, None, text, Source("m.md", 0, len(text)))
    assert is_no_item(line)
    work = "Experience: leads content for a product line"
    assert not is_no_item(replace(line, text=work, source=Source("m.md", 0, len(work))))


@pytest.mark.parametrize(
    ("sentence", "only_who"),
    [
        ("I'm a data engineer.", True),
        ("I am a Team Lead on the day shift at our fulfilment centre.", False),  # where, too: a text may say more
        ("I work as a Finance Officer and supervise two assistants.", False),
        ("I'm a nurse and I run the ward's rota.", False),
        ("I run the weekly standup.", False),
        # work, not a title (a review's finding: each refused a nurse's or an engineer's text)
        ("I'm in charge of the ward on most shifts.", False),
        ("I am responsible for the billing data domain and its pipelines.", False),
        ("I'm the practice assessor for two student nurses.", False),
    ],
)
def test_a_sentence_that_only_gives_a_title_says_nothing_of_the_work(sentence: str, only_who: bool) -> None:
    assert says_only_who(sentence) is only_who


def test_only_content_wordpieces_take_part_in_an_alignment() -> None:
    """Special tokens, punctuation and stopwords say nothing about the work; each state kept has unit length."""
    pieces = ("[CLS]", "hires", "and", "onboard", "##s", ",", "managers", "[SEP]")
    states = TokenStates(pieces, np.arange(1, len(pieces) * 3 + 1, dtype=np.float32).reshape(len(pieces), 3))
    kept = word_states(states, frozenset({"and"}))
    assert kept.shape == (4, 3)  # hires, onboard, ##s, managers
    assert np.allclose(np.linalg.norm(kept, axis=1), 1.0)
    assert np.allclose(kept[0], states.states[1] / np.linalg.norm(states.states[1]))


def test_an_alignment_is_the_item_words_mean_best_match() -> None:
    """Each word the item asks finds its closest word in the sentence; what else the sentence says costs nothing,
    and a word of the item with no like in the sentence pulls the mean down."""
    a, b, c = np.eye(3, dtype=np.float32)
    assert alignment(np.stack([a, b]), np.stack([b, a, c])) == pytest.approx(1.0)
    assert alignment(np.stack([a, b]), np.stack([a])) == pytest.approx(0.5)
    assert alignment(np.stack([a]), np.zeros((0, 3), dtype=np.float32)) == 0.0


def test_a_word_every_passage_of_a_ladder_uses_weighs_nothing() -> None:
    """ "design" in every item of a design ladder: sharing it says nothing about which item a sentence does."""
    texts = ["Runs design critiques.", "Hires designers for the design team.", "Owns the design system roadmap."]
    weights = rarity(texts, default_lexicon().stopwords)
    assert weights["design"] == 0.0  # "designers" too
    assert weights["critiqu"] == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("I'm a senior PM at Acme. I own checkout.", ["senior PM"]),
        ("Priya is a Senior Staff Nurse on Ward 4. She leads the shift.", ["Senior Staff Nurse"]),  # a review
        ("She's the Support Team Lead for EMEA.", ["Support Team Lead"]),
        ("Reviewer: Sam Reyes, Support Lead. The queue is a mess.", []),  # "queue is": no name, no title
        ("Reviewer: Dana Whitfield, Design Lead. Sam is a Junior Designer in payments.", ["Junior Designer"]),
        # Only the text's subject: not someone named later, nor "this is", nor over the writer's own title
        ("I'm a PM at Acme. My manager Dana is the VP of Product.", ["PM"]),
        ("I'm a PM at Acme. Dana is the Head of Design.", ["PM"]),
        ("My manager Dana is the VP of Product. I write specs.", []),
        ("This is a senior role. It is a Director of Product role.", []),
        ("Priya is a Senior Staff Nurse. Dana is the ward manager.", ["Senior Staff Nurse"]),
        # "has been with the company" gives no title: a new user's VP review read as the CPO
        ("Maria is our VP of Product and has been with the company for three years.", ["VP of Product"]),
        ("I have been at Acme for two years as a senior PM.", ["senior PM"]),
        ("She has been part of the team since 2020.", []),
        ("I am a part of the platform team.", []),
        # "have been mentoring our new junior designer" is what the writer does, not a title: a new user's
        # Product Designer read as the Junior Product Designer (60%)
        ("I'm a Product Designer. Lately I have been mentoring our new junior designer.", ["Product Designer"]),
        ("I've been leading the team since May.", []),
        ("I'm a Marketing Manager at Acme.", ["Marketing Manager"]),
        ("I have been Engineering Manager for two years.", ["Engineering Manager"]),
        # a CV's opening title, and "I've been" (tests/data/airline: four of six read one level up)
        ("Captain, A220-300, Manchester base, since 2022. I accept the aircraft.", ["Captain"]),
        ("B1 licensed engineer (Part-66 B1.1) on the Manchester line since 2020.", ["B1 licensed engineer"]),
        ("I've been cabin crew with Kestrel in Dublin for two years.", ["cabin crew"]),
        ("Over the last year, I ran the galley.", []),
        ("In 2024, I led the team.", []),
        ("Working with senior stakeholders, I set the plan.", []),
        ("Staff meetings, rotas and one-to-ones take my week.", []),
    ],
)
def test_the_title_a_text_gives_its_subject(text: str, titles: list[str]) -> None:
    """A manager's review names its subject in the third person: "Priya is a Senior Staff Nurse" had read as
    the level above, where the same text in the first person read right."""
    assert self_titles(text) == titles


PLATFORM = LevelNames.build(
    [make_level(1, "Junior"), make_level(2, "Senior"), make_level(3, "Lead")], default_lexicon()
)


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("I joined as a Junior in 2022 and work with two Leads.", {"junior", "leads"}),
        ("Our lead signs off each change.", {"lead"}),
        # a level name of one word right after its subject is the verb, the work itself
        ("I lead the incident response when things break.", set()),
        ("She wants to lead the weekly review.", set()),
        ("He also leads the postmortems with the senior engineers.", {"senior"}),
        ("I currently lead the on-call rotation and lead our postmortems.", set()),
        ("I was promoted to Lead in March.", {"lead"}),
        # with nothing after it that a question would need (a review of the first version)
        ("I lead and mentor the backend team.", set()),
        ("I want to lead cross-functional projects.", set()),
        ("We lead with data.", set()),
        ("The lead runs standups.", {"lead"}),
    ],
)
def test_the_level_names_a_sentence_uses(sentence: str, named: set[str]) -> None:
    """A sentence's level names say who people are and show no item; "lead" as a verb says what they do."""
    growth = SimpleNamespace(matcher=SimpleNamespace(searcher=SimpleNamespace(level_names=PLATFORM)))
    assert Growth.named(growth, sentence) == named  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("heading", "text", "fact"),
    [
        ("Reports to", "Head of Social", True),
        (None, "Reports to the Group Account Director.", True),
        (None, "Typical experience: 3-5 years of account handling experience.", True),
        ("Experience", "6-10 years.", True),
        (None, "Presents reports to the client every month.", False),
        (None, "Reviews the team's reporting to Finance.", False),
        (None, "Leadership: builds the team's reporting lines.", False),
        (None, "Reports to leadership on escalation trends every month.", False),
        (None, "Reports into the VP Support on incident post-mortems.", False),
        (None, "Experience: leads content for one product line end to end.", False),
        (None, "Reports to an Account Manager", True),
        ("Line manager", "Head of Social", True),
        (None, "Typical PQE: 6-8 years PQE.", True),  # a law firm's: it had been a Senior Associate's gap
    ],
)
def test_a_level_line_that_states_a_fact(heading: str | None, text: str, fact: bool) -> None:
    """Whom a level reports to and its years are facts of the level, no item of /next or /growth (a Word
    ladder's "Reports to the Group Account Director" had been the first gap of an Account Manager)."""
    level = Level(3, "Account Manager", None, "g.docx")
    item = Passage("g.1", level, Section.RESPONSIBILITY, heading, text, Source("g.docx", 0, len(text)))
    assert is_no_item(item) is fact


@pytest.mark.parametrize(
    ("item", "denies"),
    [
        ("Does not carry a chargeable hours target.", True),
        ("Has no supervisory responsibilities.", True),
        ("Cannot approve write-offs.", True),
        ("Helps trainees informally but does not act as a seat supervisor.", False),
        ("Notes the client's instructions on the file.", False),
        # what a level no longer needs is what it can do (a review's)
        ("Does not need close supervision on routine matters.", False),
        ("Never misses a filing deadline.", False),
        ("No longer needs a supervisor to sign off advice.", False),
    ],
)
def test_what_a_level_does_not_do_is_no_gap(item: str, denies: bool) -> None:
    """A law firm's trainee was told "Does not carry a chargeable hours target" was a gap to close."""
    from index.growth import ONLY_NOT

    assert bool(ONLY_NOT.match(item)) is denies


@pytest.mark.parametrize(
    ("item", "sentence", "text", "short"),
    [
        # a trial's Fundraising Officer had the Senior Officer's "up to £100,000" shown by "up to £10,000"
        ("Writes applications of up to £100,000.", "I write applications for grants of up to £10,000.", "", True),
        ("Writes applications of up to £100,000.", "I wrote a £120k application.", "", False),
        ("Holds a target of £150,000.", "I brought in £92,000 against my £80,000 target.", "", True),
        ("Manages donors giving £5,000 or more.", "I look after trusts giving up to £10,000.", "", False),
        # a range asks its least; "million", "k" after a range count for both of its ends
        ("Holds a target of typically £150,000–£250,000.", "I raised £200,000.", "", False),
        ("Manages a budget of £1.2m.", "I manage a £1.5 million budget.", "", False),
        ("Writes bids of up to £100,000.", "I write bids of £120-150k.", "", False),
        # the team is said anywhere in the text; the manager's "whole team of around 25 people"
        ("Leads the whole team of around 25 people.", "I do their appraisals.", "I lead a team of four.", True),
        ("Manages a team of four.", "I do their appraisals.", "I manage a team of 6 engineers.", False),
        ("Leads the team.", "I do their appraisals.", "I lead a team of four.", False),  # no size asked
    ],
)
def test_a_smaller_sum_or_team_shows_no_item(item: str, sentence: str, text: str, short: bool) -> None:
    assert falls_short(item, sentence, text or sentence) is short


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("£25,800 – £27,900 per year.", True),
        ("M3 pay is £45,000 – £52,000.", True),
        ("M2 pay is £37,500 – £43,000, plus a £2,000 multi-skill allowance.", True),
        ("Senior Operators report to the Team Leader.", True),
        ("Reports to the Group Account Director", True),
        ("Holds the plant maintenance budget of about £1.8m a year, including spares.", False),
        ("Resolves FAI disputes with customers and approves concessions up to £10,000.", False),
        ("Builds pay and salary benchmarks for every role in the function, which the board reviews.", False),
    ],
)
def test_a_line_of_pay_or_a_reporting_line_is_no_item(text: str, fact: bool) -> None:
    """A manufacturer's next level listed "£25,800 – £27,900 per year." and "Senior Operators report to the
    Team Leader." as gaps: a level's pay and whom it reports to are facts of it, no work to show."""
    level = Level(2, "Senior Operator", None, "p.docx")
    line = Passage("p.l2.responsibility", level, Section.RESPONSIBILITY, None, text, Source("p.docx", 0, len(text)))
    assert is_no_item(line) is fact


@pytest.mark.parametrize(
    ("text", "cumulative"),
    [
        ("Every grade includes the responsibilities of the grades below it.", True),
        ("Each grade builds on the one below it.", True),
        ("Levels build on each other: everything expected of a D2 is also expected of a D3.", True),
        ("Each level includes a salary band below the title.", False),
        ("Not every level builds on the one below.", False),
    ],
)
def test_a_ladder_that_says_its_levels_build_on_each_other(text: str, cumulative: bool) -> None:
    """Such a ladder drops nothing in /levels/.../next; "a salary band below the title" said it too."""
    from index.compare import CUMULATIVE

    assert bool(CUMULATIVE.search(text)) is cumulative


def test_a_one_word_reply_joins_the_sentence_after_it_but_not_a_question() -> None:
    """ "No." had been glued to the next FAQ question, which a question filter then dropped with it."""
    from core.model import sentence_spans

    text = "Can I skip a level? No. Can I be promoted in the middle of the year? Yes, when a role is open."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Can I skip a level?",
        "No.",
        "Can I be promoted in the middle of the year?",
        "Yes, when a role is open.",
    ]
    text = "No. M3 needs multi-skilled competence. No. 10 Dock is the only dock."
    assert next(text[a:b] for a, b in sentence_spans(text)) == "No. M3 needs multi-skilled competence."


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("around 150.000 euro in fees", [150_000.0]),
        ("fees up to € 2.000.000", [2_000_000.0]),
        ("EUR 1,5 mln", [1_500_000.0]),
        ("£120-150k", [120_000.0, 150_000.0]),
        ("€2.5m", [2_500_000.0]),
        ("£25,800 – £27,900 per year", [25_800.0, 27_900.0]),
        ("a $1.250m budget", [1_250_000.0]),  # before a scale word, a decimal point
        ("EUR 2,750 mln", [2_750_000.0]),
    ],
)
def test_sums_of_money_written_the_european_way_too(text: str, money: list[float]) -> None:
    """ "€ 2.000.000" read as two euros, and "150.000 euro" as no sum: an engineer managing a budget of about
    150,000 was shown "fees up to € 2.000.000" (tests/data/consult)."""
    from index.growth import figures

    assert figures(text)[0] == money


def test_a_list_s_lead_in_gives_its_items_to_the_level_it_names() -> None:
    """Items under "What changes at Manager:" in the Senior Consultant's section are the Manager's work; under a
    lead-in that names no level, or a heading, they stay their own level's."""
    from core.model import spoken_of

    levels = [
        Level(n, title, short, "a.md")
        for n, title, short in ((1, "Consultant", "A1"), (2, "Senior Consultant", "A2"), (3, "Manager", "A3"))
    ]
    text = "you become line manager for 3 to 6 consultants"

    def item(category: str | None) -> Passage:
        return Passage("a.2", levels[1], Section.RESPONSIBILITY, None, text, Source("a.md", 0, len(text)), category)

    assert spoken_of(item("What changes at Manager"), levels) == levels[2]
    assert spoken_of(item("To grow to Senior Consultant you"), levels) == levels[1]
    assert spoken_of(item("To move to A3 you show that you"), levels) == levels[2]
    assert spoken_of(item("Working with managers"), levels) == levels[1]
    assert spoken_of(item(None), levels) == levels[1]
    # "How you grow" on a slide of each level names none: the next level's work, the top level's own
    assert spoken_of(item("How you grow"), levels) == levels[2]
    assert spoken_of(item("To reach the next level"), levels) == levels[2]
    assert spoken_of(replace(item("How you grow"), level=levels[2]), levels) == levels[2]
    assert spoken_of(item("Growing others"), levels) == levels[1]
    assert (
        spoken_of(replace(item(None), text="What changes at the next level: you lead the team."), levels) == levels[2]
    )
    # a fact after such a list is the level's own ("Pay: CHF 62,000" under "To move up")
    assert spoken_of(replace(item("To move up"), heading="Pay", text="CHF 62,000–70,000"), levels) == levels[1]
    assert (
        spoken_of(item("To move up"), levels) == levels[2] and spoken_of(item("Where you’ll grow"), levels) == levels[2]
    )
    assert spoken_of(item("How you grow people"), levels) == levels[1]  # a manager's competency, not the next level
    assert not is_no_item(replace(item(None), text="CAD 2D and 3D drafting to BS 8888."))  # a tool, no money
    # a slide's "Typical experience" column: its years and its pay in Canadian dollars are facts, not work
    assert is_no_item(replace(item(None), text="CAD 80,000 – 98,000"))
    years = "5–8 years, two or more shipped titles"
    assert years_only(replace(item("Typical experience"), text=years)) and not years_only(
        replace(item(None), text=years)
    )
    assert is_no_item(replace(item(None), text="75%")) and is_no_item(replace(item(None), text="2,5 years"))
    assert not is_no_item(replace(item(None), text="✓", heading="Machine set-up"))
    for work in ("ISO 9001", "IATF 16949", "3 - Practitioner", "Python 3"):  # a standard, a rating: work (review 10)
        assert not is_no_item(replace(item(None), text=work)), work
