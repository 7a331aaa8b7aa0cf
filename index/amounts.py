"""Amounts a question asks about ("who approves a £20,000 loan?") and the limits a sentence sets ("loans up to
£15,000", "incidents of more than eight pumps"): a level whose limit leaves the amount out does not answer."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS = {"one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0, "seven": 7.0, "eight": 8.0}
_WORDS |= {"nine": 9.0, "ten": 10.0, "eleven": 11.0, "twelve": 12.0, "fifteen": 15.0, "twenty": 20.0}
_CURRENCY = {"£": "£", "€": "€", "$": "$", "gbp": "£", "eur": "€", "usd": "$", "chf": "chf"}
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
SUM = "sum"  # the unit of "250k": money whose currency goes unsaid, the same as any currency's ("20m" may be metres)
_NUMBER = rf"(?:\d[\d,]*(?:\.\d+)?|{'|'.join(_WORDS)})"
# "£20,000", "€2k", "CHF 8,000", "250k", "20%", "eight pumps", "40 mph": a number and what it counts
AMOUNT = re.compile(
    rf"(?P<cur>[£€$]|\b(?:gbp|eur|usd|chf)\s?)(?P<num>\d[\d,]*(?:\.\d+)?)\s?(?P<scale>k|m|bn|million|thousand|billion)?\b"
    r"|(?<![\w£€$.,])(?P<bare>\d[\d,]*(?:\.\d+)?)(?P<short>k)\b"
    rf"|(?<![\w£€$.,])(?P<n>{_NUMBER})\s?(?:(?P<pct>%|per ?cent\b)|(?P<unit>[a-z]+)\b)",
    re.IGNORECASE,
)
UP_TO = re.compile(
    r"\b(?:up to|under|below|less than|no more than|not more than|not exceeding|a maximum of|maximum of|at most)"
    r"(?: an?| the)?(?: [\w-]+)?(?: total| value| amount| sum)?(?: of)?\s+$"
)
ABOVE = r"over|above|more than|greater than|exceeding|in excess of"  # the words past a figure
OVER = re.compile(rf"\b(?:{ABOVE}|at least)(?: an?)?\s+$")
# The word a limit is of, just before it: "overdrafts up to", "write-offs of up to", "incidents of more than".
LIMITED = re.compile(
    r"\b([a-z][\w-]*?)s?(?: (?:of|for|on|with))? (?:up to|under|below|less than|over|above|more than)\b"
)
# The words that set a limit, which say nothing of what it is on ("above" in "write-offs above £15,000").
LIMIT_WORDS = ("up", "under", "below", "less", "more", "over", "above", "greater", "exceeding", "excess", "maximum")
OR_MORE = re.compile(r"^\s*(?:or more|or over|or above|and above|and over|\+)")
# What a number counts only when it is no other kind of figure: "six pumps", not "2 years" or "3 days".
_TIMES = {"year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes"}
NOT_UNITS = frozenset(_TIMES | {"per", "a", "an", "of", "to", "and", "or"})


@dataclass(frozen=True, slots=True)
class Amount:
    value: float
    unit: str  # "£", "€", "$", "chf", "%", or the (singular) noun counted

    def same_unit(self, unit: str) -> bool:
        """Whether the amount counts what `unit` does: "250k" is a sum of pounds, euros or dollars alike."""
        return unit == self.unit or (SUM in (unit, self.unit) and {unit, self.unit} <= {SUM, *_CURRENCY.values()})


@dataclass(frozen=True, slots=True)
class Limit:
    low: float | None
    high: float | None
    unit: str
    of: str = ""  # what it limits, when the sentence says just before it: "overdraft" of "overdrafts up to £5,000"

    def covers(self, amount: Amount) -> bool:
        return (self.low is None or amount.value >= self.low) and (self.high is None or amount.value <= self.high)


def _amount(m: re.Match[str]) -> Amount | None:
    if m["cur"]:
        value = float(m["num"].replace(",", "")) * _SCALE.get((m["scale"] or "").lower(), 1.0)
        return Amount(value, _CURRENCY[m["cur"].strip().lower()])
    if m["bare"]:
        return Amount(float(m["bare"].replace(",", "")) * _SCALE[m["short"].lower()], SUM)
    number = m["n"].lower()
    value = _WORDS[number] if number in _WORDS else float(number.replace(",", ""))
    if m["pct"]:
        return Amount(value, "%")
    unit = m["unit"].lower()
    if unit in NOT_UNITS or len(unit) < 3:
        return None
    return Amount(value, unit.removesuffix("s"))


def is_money(unit: str) -> bool:
    return unit in (*_CURRENCY.values(), SUM)


def written(amount: Amount) -> str:
    """An amount as a question would write it ("£1,000", "25%", "8 pumps", "250k"), to the penny."""
    figure = f"{amount.value:,.2f}".removesuffix(".00")
    if amount.unit in _CURRENCY.values():
        return f"{amount.unit}{figure}" if amount.unit != "chf" else f"chf {figure}"
    if amount.unit == "%":
        return f"{figure}%"
    if amount.unit == SUM:
        return f"{amount.value / 1e3:,.3f}".rstrip("0").rstrip(".") + "k"
    return f"{figure} {amount.unit}s"


def amounts(text: str) -> list[Amount]:
    """The amounts a (lower-cased) text names."""
    return [a for m in AMOUNT.finditer(text) if (a := _amount(m)) is not None]


# "...up to 10% on any product; larger changes go to the Pricing Committee": it says who takes what is above too
BEYOND = re.compile(r"\b(?:larger|higher|bigger|anything (?:above|over|larger|more)|above (?:that|this|it))\b")


def limits(text: str) -> list[Limit]:
    """The limits a (lower-cased) sentence sets: "up to £15,000", "more than eight pumps", "£50,000 or more";
    a ceiling the sentence also says who goes beyond sets no limit."""
    if BEYOND.search(text):
        return []
    found = []
    for m in AMOUNT.finditer(text):
        amount = _amount(m)
        if amount is None:
            continue
        before, after = text[max(0, m.start() - 60) : m.start()], text[m.end() :]
        of = limited[-1] if (limited := LIMITED.findall(before)) else ""
        if UP_TO.search(before):
            found.append(Limit(None, amount.value, amount.unit, of))
        elif OVER.search(before) or OR_MORE.match(after):
            found.append(Limit(amount.value, None, amount.unit, of))
    return found


# "Above £50,000" in a question is more than the amount: a limit of "up to £50,000" leaves it out.
# Not "no more than £5,000" or "not exceeding £5,000", which are the figure's limits themselves.
STRICTLY_OVER = re.compile(rf"(?<!\bno )(?<!\bnot )\b(?:{ABOVE}|bigger than|larger than)(?: an?)?\s+$")
STRICTLY_UNDER = re.compile(r"(?<!\bno )(?<!\bnot )\b(?:under|below|less than|smaller than)(?: an?)?\s+$")
NUDGE = 1e-6  # of the amount: past it, but short of any other amount a ladder writes


def asked_amounts(question: str) -> list[Amount]:
    """The amounts a (lower-cased) question asks about, each just past its figure when the question says "over" or
    "under" it ("a discount above 25%")."""
    out = []
    for m in AMOUNT.finditer(question):
        if (amount := _amount(m)) is None:
            continue
        before = question[max(0, m.start() - 30) : m.start()]
        step = NUDGE * max(abs(amount.value), 1.0)
        if STRICTLY_OVER.search(before):
            amount = Amount(amount.value + step, amount.unit)
        elif STRICTLY_UNDER.search(before):
            amount = Amount(amount.value - step, amount.unit)
        out.append(amount)
    return out


def of_the_asked(question: str, bounds: list[Limit]) -> list[Limit]:
    """The limits of what the question asks about, when the sentence says what each limits ("a £8,000 overdraft":
    "overdrafts up to £5,000", not "loans up to £15,000"); all of them when it names none of those."""
    said = {w.removesuffix("s") for w in re.findall(r"[a-z][\w-]*", question)}
    named = [b for b in bounds if b.of and b.of.removesuffix("s") in said]
    return named or bounds


def _bounds(question: str, sentence: str) -> tuple[list[Limit], list[Limit]]:
    """A sentence's limits on what a question counts, and those of them that admit an amount it asks about."""
    asked = asked_amounts(question)
    bounds = of_the_asked(question, [b for b in limits(sentence) if any(a.same_unit(b.unit) for a in asked)])
    return bounds, [b for b in bounds for a in asked if a.same_unit(b.unit) and b.covers(a)]


def left_out(question: str, sentence: str) -> bool:
    """Whether a sentence sets limits on what a question counts and none of them admits the amount it asks about
    ("a £20,000 loan" and "Unsecured personal loans up to £15,000 and overdrafts up to £5,000")."""
    bounds, fits = _bounds(question, sentence)
    return bool(bounds) and not fits


def tightest(question: str, sentence: str) -> tuple[float, float] | None:
    """How closely a sentence's limits admit the amount a question asks about, smaller first (its lowest ceiling
    above the amount, then its highest floor below, negated), or None when none admits it."""
    _, fits = _bounds(question, sentence)
    if not fits:
        return None
    return min(b.high if b.high is not None else float("inf") for b in fits), -max(b.low or 0.0 for b in fits)
