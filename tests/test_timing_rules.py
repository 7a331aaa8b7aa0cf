"""The wordings that tell how long a step up takes, and what names a qualification (index/answer.py)."""

import pytest

from core.model import Level, Passage, Section, Source
from index.answer import ASKS_HOW_LONG, DURATION, NOT_BY_TIME, QUALIFICATION, YEARS_FIRST, own_years


@pytest.mark.parametrize(
    ("wording", "text", "found"),
    [
        # a length of time
        (DURATION.search, "at least 18 months as CC1", True),
        (DURATION.search, "after twelve to eighteen months most Assistants qualify", True),
        (DURATION.search, "completes a two-year training contract", True),
        (DURATION.search, "3-5 PQE", True),
        (DURATION.search, "1,5 years", True),
        (DURATION.search, "three or more years in a school", True),
        (DURATION.search, "at least a year as Senior QA Analyst", True),
        (DURATION.search, "Typical experience: 5+ years", True),
        (DURATION.search, "can happen at any time of the year", False),
        (DURATION.search, "Promotions are decided once a year", False),
        (DURATION.search, "1,000 hours in command on type", False),
        (DURATION.search, "a candidate 30 years old", False),
        (DURATION.search, "introduced 5 years ago", False),
        # a line of years
        (YEARS_FIRST.match, "8 years or more in road transport, of which at least 3 managing people.", True),
        (YEARS_FIRST.match, "Typically 5+ years in IT support, including at least 1 year supervising others.", True),
        (YEARS_FIRST.match, "Dip CII; ACII expected within 2 years", False),
        (YEARS_FIRST.match, "ITIL 4 Foundation required", False),
        # a question asking how long
        (ASKS_HOW_LONG.match, "how long does it take to get from c1 to c2", True),
        (ASKS_HOW_LONG.match, "how quickly can an heo get to g7", True),
        (ASKS_HOW_LONG.match, "how many years as a purser before i can become a csm", True),
        (ASKS_HOW_LONG.match, "what's the minimum time at e1 before promotion to e2", True),
        (ASKS_HOW_LONG.match, "how much does a c2 earn", False),
        (ASKS_HOW_LONG.match, "what does a c2 do", False),
        # a ladder saying time does not decide (`_timings` asks too that it be of moving up: not "a pay rise")
        (NOT_BY_TIME.search, "years of experience are only an indication; we promote on what you show", True),
        (NOT_BY_TIME.search, "moving up is not automatic: a chef moves to the next level when...", True),
        (NOT_BY_TIME.search, "a: there is no minimum time; progression depends on the skills matrix", True),
        (NOT_BY_TIME.search, "promotion is based on achievement, not on workload or length of service.", True),
        (NOT_BY_TIME.search, "pqe bands are a guide, not an entitlement", True),
        (NOT_BY_TIME.search, "pay bands are only a guide to what a role is worth", False),
        (NOT_BY_TIME.search, "the review is a guide for conversations, not a checklist.", False),
        # words naming a qualification
        (QUALIFICATION.search, "Has passed the Customs Declarant course within 12 months of appointment.", True),
        (QUALIFICATION.search, "LANTRA Highway Inspector certificate (City & Guilds 6033).", True),
        (QUALIFICATION.search, "Completes the CII Award in General Insurance within the first 12 months.", True),
        (QUALIFICATION.search, "ILM Level 5 in Leadership and Management, or working towards it", True),
        (QUALIFICATION.search, "Must pass the IFoA exams in order", True),
        (QUALIFICATION.search, "Checks the room status before handing over the floor.", False),
        (QUALIFICATION.search, "Gives 360-degree feedback to the team.", False),
        (QUALIFICATION.search, "Analyses exam results with the head of year.", False),
        (QUALIFICATION.search, "The annual pay award is agreed in April.", False),
    ],
)
def test_a_wording(wording, text: str, found: bool) -> None:  # type: ignore[no-untyped-def]
    assert bool(wording(text)) is found


def _line(heading: str | None, text: str, category: str | None = None) -> Passage:
    level = Level(2, "Sous Chef", "K2", "kitchen.md")
    return Passage("p", level, Section.OVERVIEW, heading, text, Source("kitchen.md", 0, 1), category)


def test_a_level_s_own_years_are_not_its_time_in_rank() -> None:
    """ "2-4 years" under "Typical experience" is what reaching the level took; under "Typical time in rank",
    how long people stay at it before the next."""
    assert own_years(_line("Typical experience", "2-4 years"))
    assert own_years(_line("Typical PQE, Billable hours target", "0-2 years PQE\t1,600 hours"))
    assert not own_years(_line("Pay, Typical time in rank, Next rank", "£47,667\t3-5 years\tGroup Commander"))
    assert not own_years(_line(None, "Runs the pass on the Head Chef's days off."))
