"""The amounts a question asks about and the limits a sentence sets (index/amounts.py)."""

import pytest

from index.amounts import Amount, Limit, amounts, asked_amounts, left_out, limits, tightest, written


def test_amounts_are_read_with_what_they_count() -> None:
    assert amounts("who approves a £20,000 loan?") == [Amount(20000.0, "£")]
    assert amounts("a €2k stock adjustment, chf 8,000 a month") == [Amount(2000.0, "€"), Amount(8000.0, "chf")]
    assert amounts("who commands an incident of six pumps?") == [Amount(6.0, "pump")]
    assert amounts("a 20% discount") == [Amount(20.0, "%")]
    assert amounts("after 3 years, in 2 days, at level 4 of 6") == []  # no amount of anything the ladder limits
    # a sum whose currency goes unsaid: "250k"; not "20m" (metres, or millions?), a level's "IC4k" or "£2k" twice
    assert amounts("a settlement over 250k, a 20m stretch of road, 10 m, ic4k") == [Amount(250_000.0, "sum")]
    assert amounts("a £2k budget") == [Amount(2e3, "£")]


def test_an_amount_asked_over_or_under_is_just_past_its_figure() -> None:
    (over,) = asked_amounts("who approves discounts above 25%?")
    (under,) = asked_amounts("who can settle a claim under £100,000?")
    assert over.unit == "%" and 25.0 < over.value < 25.001
    assert under.unit == "£" and 99_999.0 < under.value < 100_000.0
    assert asked_amounts("who approves a 25% discount?") == [Amount(25.0, "%")]
    assert asked_amounts("discounts of at least 25%") == [Amount(25.0, "%")]  # at least: the figure itself


def test_limits_are_ceilings_and_floors() -> None:
    assert limits("unsecured personal loans up to £15,000 and overdrafts up to £5,000.") == [
        Limit(None, 15000.0, "£", "loan"),
        Limit(None, 5000.0, "£", "overdraft"),
    ]
    assert limits("command incidents of more than eight pumps") == [Limit(8.0, None, "pump", "incident")]
    assert limits("engagement letters of £50,000 or more") == [Limit(50000.0, None, "£")]
    assert limits("declarations up to a customs value of €50,000") == [Limit(None, 50000.0, "€", "declaration")]
    assert limits("manages a monthly budget of chf 5,000") == []  # a figure, no limit
    # it says who takes what is above: no limit on who answers
    assert limits("approves rate changes of up to 10% on any product; larger changes go to the pricing committee") == []


@pytest.mark.parametrize(
    ("question", "sentence", "out"),
    [
        ("who can approve a £20,000 unsecured loan?", "unsecured personal loans up to £15,000.", True),
        ("who approves a £12,000 personal loan?", "unsecured personal loans up to £15,000.", False),
        ("who commands an incident of six pumps?", "command incidents of more than eight pumps.", True),
        ("who approves a concession of £5,000?", "approves customer concessions above £10,000.", True),
        ("who signs engagement letters of £50,000 or more?", "engagement letters of £50,000 or more", False),
        ("who can sign off a 20% discount?", "approves discounts of up to 25%", False),
        ("who approves a €2,000 stock adjustment?", "approves stock adjustments up to £500 in value.", False),  # €, £
        ("who approves write-offs?", "approves write-offs of up to £15,000.", False),  # no amount asked
        # the overdrafts' limit, not the loans'
        ("who can approve an overdraft of £8,000?", "loans up to £15,000 and overdrafts up to £5,000.", True),
        # "above 25%" is more than 25%: "up to 25%" leaves it out; "under 10%" is within it
        ("who approves discounts above 25%?", "approves discounts of up to 25%", True),
        ("who can settle a claim over £100,000?", "up to £100,000 per claim", True),
        ("who approves a discount under 10%?", "approves discounts of up to 25%", False),
        ("who approves a £100,000 claim?", "up to £100,000 per claim", False),
        # the figure's own limits: not past it
        ("who settles a claim of no more than £5,000?", "approves claims of up to £5,000.", False),
        ("who can approve write-offs not exceeding £5,000?", "approves write-offs of up to £5,000.", False),
        ("who approves spending of more than a £1,000?", "approves spending up to £1,000.", True),
        # "250k" is a sum in the sentence's currency, whichever it is; not a count of anything else
        ("who can settle a claim over 250k?", "up to £250,000 per claim", True),
        ("who can settle a 300k claim?", "up to €250,000 per claim", True),
        ("who can settle a 200k claim?", "claims of up to 100 pumps", False),
    ],
)
def test_a_limit_that_leaves_the_amount_out(question: str, sentence: str, out: bool) -> None:
    assert left_out(question, sentence) == out


def test_the_closest_limit_admitting_the_amount_comes_first() -> None:
    question = "who approves a £20,000 loan?"
    fits = {s: tightest(question, s) for s in ("loans up to £25,000", "loans up to £50,000", "loans up to £15,000")}
    assert fits["loans up to £15,000"] is None
    assert fits["loans up to £25,000"] < fits["loans up to £50,000"]


def test_an_amount_is_written_as_a_question_would_write_it() -> None:
    """What `written` gives, `amounts` reads back as the same amount."""
    for amount in (
        Amount(1000.0, "£"),
        Amount(25.0, "%"),
        Amount(8.0, "pump"),
        Amount(250_000.0, "sum"),
        Amount(2e9, "sum"),
        Amount(1_234_567.0, "sum"),
    ):
        assert amounts(written(amount)) == [amount]
    assert written(Amount(1500.5, "€")) == "€1,500.50"
