"""Rep logs typed in chat, read into sets: "3x10", "left 10 right 9", "3x12 @ 5lb felt easy".

`parse_log` returns exactly one of:

- `Parsed`: the sets, in the order written. Reps are per leg: "3x10" is three sets of 10 on each
  leg (leg "both"), which is how the coach prescribes them. `day` is the day the log says it is
  for ("yesterday", "on friday"), None if it names none.
- `Ambiguous`: two or more readings are plausible, the numbers cannot be placed, or the one
  reading is implausible. `options` holds every valid reading: one is "confirm this reading",
  several "pick one", none "ask again". `code` says why (see CODES), so the question can say so.
- `Rejected`: a number is out of bounds (`value` and `bound` as typed, weights in kg), or a date
  the log can't be stored for ("2 days ago", "Dec 3": code "unsupported_date", no value).
- `Done`: "done", "did it", "finished": today's prescribed sets (the caller confirms first).
- `NotALog`: not a log at all ("hello", a question, "I'm 45").

Readings of unclear phrasings:

- Two bare numbers ("10 10", "10-9") are `Ambiguous("sets_or_sides")`: two sets on each leg, or
  left then right; when the first is 5 or less and smaller than the second ("3 10") a third
  option is that many sets of the second.
- Three or more bare numbers ("10 10 8", "10-10-8") are sets, never a range.
- Three numbers chained ("3x10x20") are sets x reps x weight or weight x sets x reps: a unit
  decides ("3x10x20kg", "5kg x 3 x 10"), else the plausible ranges do ("3x10x20" is 3 sets of 10
  at 20 kg, as 10 sets is implausible), else both are offered (`Ambiguous("chain_order")`).
  Four or more chained numbers are "unclear".
- "5 kg x 10" (a weight first) is one set of 10 at 5 kg; pasted lists of such lines with set
  labels ("Set 1: 5 kg x 10", "#2", "3.") read the labels as labels, never as reps.
- A lone number with a log word ("did 30", "30 reps") is one set of that many reps on each leg.
  Marked as a total ("30 in total") it is `Ambiguous("total_or_sets")` with that one reading to
  confirm: the split into sets is never guessed. A message that is just one number ("30") is
  `Ambiguous("lone_number")` with that reading to confirm.
- A reading outside the plausible ranges of `reps_plausible` (a set of 1 rep, a set over 30,
  more than 6 sets) is never stored as is: `Ambiguous("one_rep" | "big_set" | "many_sets")`
  with it as the option to confirm, and for "a x b" the swap (b sets of a) when that one is
  plausible ("10x3": 10 sets of 3, or 3 sets of 10).
- Letters that look like digits glued to a number ("3x1o", "1O reps", "3xl0") are
  `Ambiguous("typo")` with no options: the digits alone are never read.
- "one leg" and "the other" without naming left or right are `Ambiguous("which_leg")`.
- "@ 5" or "with 5" without a unit is kg; a weight applies to every set unless the message gives
  several. Each set keeps the weight as typed and its unit (`weight_as_typed`, `weight_unit`),
  so a weight in pounds can be shown in pounds.
- A message ending in "?" or starting with a question word is `NotALog`.

Every number in a `Parsed` result (reps, and each weight in the unit typed) appears in the read
text (`read_text`) as digits or as a number word (one..twenty): nothing is ever invented. And
no number is ignored: `Parsed.numbers` accounts for every number of the read text, as a set
count, reps, a weight, a set label, "one" of "one leg", or note text (a time of day, "2 days
off"); a reading that would leave a number out is not returned as Parsed. Only the first
MAX_INPUT_CHARS characters are read (cut back to a whole token), so work per message is capped:
ordinary messages take tens of microseconds, and even a 4096-character one under a millisecond.
"""

from __future__ import annotations

import functools

from bot.coach.reps_dates import DayWord
from bot.coach.reps_decide import Context, decide
from bot.coach.reps_grammar import Structure, parse_structure
from bot.coach.reps_lexer import MAX_INPUT_CHARS, Kind, Token, read_text, tokenize, words
from bot.coach.reps_plausible import MAX_PLAUSIBLE_REPS, MAX_PLAUSIBLE_SETS, MIN_PLAUSIBLE_REPS
from bot.coach.reps_readings import LB_TO_KG, MAX_REPS_PER_SET, MAX_SETS, MAX_WEIGHT_KG, Leg
from bot.coach.reps_results import (
    AMBIGUOUS_CODES,
    CODES,
    REJECTED_CODES,
    Ambiguous,
    Done,
    NotALog,
    NumberUse,
    Parsed,
    Rejected,
    Result,
    Role,
    SetEntry,
    Unit,
)

__all__ = [
    "AMBIGUOUS_CODES",
    "CODES",
    "REJECTED_CODES",
    "LB_TO_KG",
    "MAX_INPUT_CHARS",
    "MAX_PLAUSIBLE_REPS",
    "MAX_PLAUSIBLE_SETS",
    "MAX_REPS_PER_SET",
    "MAX_SETS",
    "MAX_WEIGHT_KG",
    "MIN_PLAUSIBLE_REPS",
    "Ambiguous",
    "DayWord",
    "Done",
    "Leg",
    "NotALog",
    "NumberUse",
    "Parsed",
    "Rejected",
    "Result",
    "Role",
    "SetEntry",
    "Unit",
    "parse_log",
    "read_text",
    "typo_in",
]

_QUESTION_WORDS = frozenset(
    words(
        "what how why when where who which should can could would will shall is are am do does may "
        "help"
    )
)
_DATE_ONLY = (Kind.SEP, Kind.FILLER, Kind.DAY, Kind.BAD_DATE)
_DONE_CORE = frozenset({"done", "did", "finished", "completed"})
_DONE_WORDS = _DONE_CORE | frozenset(
    words(
        "it i i've ive all for just yes yep ok okay the my lunges lunge reverse session "
        "workout them that and we are i'm im today's set sets"
    )
)


# The engine asks whether free text reads as a log, then the logbook reads it: a small cache of
# the latest messages keeps that one parse. Results are frozen, so sharing them is safe.
@functools.lru_cache(maxsize=256)
def parse_log(text: str) -> Result:
    """Read a rep log from a chat message; never raises."""
    read = read_text(text)
    tokens = tokenize(read)
    if _is_question(read, tokens):
        return NotALog()
    kinds = [t.kind for t in tokens]
    if Kind.TYPO in kinds:
        return Ambiguous("typo", ())
    days = {t.day for t in tokens if t.kind is Kind.DAY}
    bad_date = len(days) > 1 or Kind.BAD_DATE in kinds
    day = next(iter(days)) if len(days) == 1 else None
    if Kind.NUM not in kinds:
        if bad_date and (_is_done(tokens) or _is_only_a_date(tokens)):
            return Rejected("unsupported_date", None, None)
        return Done() if _is_done(tokens) and day in (None, "today") else NotALog()
    structure = parse_structure(tokens, read)
    if not structure.exprs and not structure.weights:
        return NotALog()
    if structure.exprs and _is_chatter(structure):
        return NotALog()
    if bad_date:
        return Rejected("unsupported_date", None, None)
    if not structure.exprs:
        return Ambiguous("missing_reps", ())
    return decide(structure, Context(tokens, day, _is_lone(structure)))


def typo_in(text: str) -> str | None:
    """The first number with letters glued to it that look like digits, as written ("1o" of
    "3x1o", "3xl0"), to quote back when asking to retype; None if there is none."""
    read = read_text(text)
    tokens = tokenize(read)
    for i, token in enumerate(tokens):
        if token.kind is not Kind.TYPO:
            continue
        start, end = token.start, token.end
        for j in range(i - 1, -1, -1):  # the numbers and glyphs glued on the left
            if tokens[j].end != start or tokens[j].kind not in (Kind.NUM, Kind.TYPO):
                break
            start = tokens[j].start
        for after in tokens[i + 1 :]:  # and on the right
            if after.start != end or after.kind not in (Kind.NUM, Kind.TYPO):
                break
            end = after.end
        return read[start:end]
    return None


def _is_question(read: str, tokens: list[Token]) -> bool:
    """A question, not a report: ends with "?" or starts with a question word."""
    said = [t.text for t in tokens if t.kind is not Kind.SEP]
    return read.rstrip().endswith(("?", "؟")) or (bool(said) and said[0] in _QUESTION_WORDS)


def _is_done(tokens: list[Token]) -> bool:
    """Only done-words ("done", "did it", "all finished for today"), and days or dates."""
    said = {t.text for t in tokens if t.kind not in (Kind.SEP, Kind.DAY, Kind.BAD_DATE)}
    return bool(said & _DONE_CORE) and said <= _DONE_WORDS


def _is_only_a_date(tokens: list[Token]) -> bool:
    """Just a date written with digits ("3/12", "Dec 3"): a log for another day, refused."""
    dated = any(t.kind is Kind.BAD_DATE and any(c.isdigit() for c in t.text) for t in tokens)
    return dated and all(t.kind in _DATE_ONLY for t in tokens)


def _is_chatter(structure: Structure) -> bool:
    """Bare numbers after unknown words, with nothing saying it is a log ("I'm 45")."""
    bare = all(e.sets is None for e in structure.exprs)
    return bare and not structure.intent and structure.words_before_numbers


def _is_lone(structure: Structure) -> bool:
    """Just one bare number: no log word, unit, reps, leg, set word, label or note ("12")."""
    [*exprs] = structure.exprs
    return (
        len(exprs) == 1
        and exprs[0].sets is None
        and not structure.intent
        and structure.note is None
        and not structure.labels
    )
