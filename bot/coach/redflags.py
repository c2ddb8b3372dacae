"""Red flags in any user message, graded: what someone says about how they feel, from "stop now
and get help" down to normal training effort. They are checked before anything else a message
might mean.

`grade(text, vocab)` gives a `Grade`: every `Sign` found, most serious first, each with its kind,
the words as the user wrote them and where, the body part named with it, and the qualifier that
settled it. The kinds, most serious first (the words are in content/red_flags.yaml):

- emergency: stop now and seek help (chest pain, fainting, breathing that fails, a heartbeat
  that races and won't settle or skips, sudden severe pain);
- injury: sharp pain, a pop or snap, a joint giving way, a fall, a twist: stop until rescreened;
- joint_pain: pain in a joint or the back: ask for a 0-10 rating;
- unclear: could be effort or a warning (breathless, dizzy, a pounding heart): ask whether it
  eases with rest;
- effort: normal training effort (breathing hard, sore or burning muscles): acknowledge.

How a message is read, in order (steps 3 to 6: bot/coach/redflag_reading.py):
1. normalized (bot/coach/redflag_phrases.py), and typos of listed words read as those words
   (bot/coach/redflag_typos.py);
2. every phrase of every grade is looked for, overlapping matches too;
3. a sign with a negation among the three words before it, in the same clause, or among the
   words a `...` of its phrase stood for ("knee doesn't hurt"), does not count, nor does a sign
   inside a negated one ("no knee pain": "pain" neither); a negation exception among those
   words undoes the negation ("never been this dizzy"). Qualifiers are read the same way;
4. an injury, joint_pain or unclear sign overlapping a `not_red_flags` phrase does not count
   ("pain-free", "my legs hurt"); an emergency sign does;
5. `unclear` and `effort_cardio` signs are settled by qualifiers in their sentence: `worse` (it
   does not ease) makes them an emergency, `better` ("but fine", "easing") just after them makes
   them effort, both leave them unclear, neither leaves them as they are;
6. a sign overlapping a more serious one is dropped (its words are already quoted), and signs
   of one kind that overlap are quoted as one.

`detect` is the older two-flag reading, kept for callers that have not moved to `grade`: unclear
signs count as emergencies there (asking first is the caller's part), effort counts as nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.coach.redflag_phrases import (
    MAX_TEXT_CHARS,
    WordIndex,
    compile_phrase,
    normalize,
    source_offsets,
)
from bot.coach.redflag_reading import KINDS, Kind, Reading, Span, kind_of
from bot.coach.redflag_typos import correct
from bot.coach.redflag_vocabulary import (
    KEYS,
    SIGN_KEYS,
    RedFlagVocabulary,
    load_vocabulary,
)

__all__ = [
    "KEYS",
    "KINDS",
    "MAX_TEXT_CHARS",
    "Flag",
    "Grade",
    "Kind",
    "RedFlagVocabulary",
    "Sign",
    "compile_phrase",
    "detect",
    "grade",
    "load_vocabulary",
    "normalize",
]

Flag = Literal["emergency", "joint_pain"]


@dataclass(frozen=True, slots=True)
class Sign:
    """One thing the user said about how they feel."""

    kind: Kind
    text: str  # the words as written in the message, e.g. "chest pian"
    span: Span  # where they are in the message: text[span[0]:span[1]]
    part: str | None = None  # the body part named with it, e.g. "knee", "lower back"
    qualifier: str | None = None  # the words that settled an unclear sign, e.g. "not easing"


@dataclass(frozen=True, slots=True)
class Grade:
    """Every sign in a message, most serious first, then in message order."""

    signs: tuple[Sign, ...] = ()

    @property
    def kind(self) -> Kind | None:
        """The most serious kind, or None when the message says nothing of the sort."""
        return self.signs[0].kind if self.signs else None

    @property
    def sign(self) -> Sign | None:
        """The most serious sign."""
        return self.signs[0] if self.signs else None

    @property
    def text(self) -> str | None:
        """The words of the most serious sign, as written."""
        return self.signs[0].text if self.signs else None

    @property
    def part(self) -> str | None:
        """The first body part named with a sign of the most serious kind."""
        return next((s.part for s in self.of(self.kind) if s.part), None) if self.signs else None

    def has(self, kind: Kind) -> bool:
        """Whether any sign is of `kind` (say, an unclear one beside joint pain)."""
        return any(s.kind == kind for s in self.signs)

    def of(self, kind: Kind | None) -> tuple[Sign, ...]:
        """The signs of `kind`."""
        return tuple(s for s in self.signs if s.kind == kind)


def grade(text: str, vocab: RedFlagVocabulary) -> Grade:
    """Every sign in `text`, graded, most serious first; never raises."""
    source = text[:MAX_TEXT_CHARS]
    clean = normalize(source)
    fixed, to_clean = correct(clean, vocab.typos)
    index = WordIndex(fixed)
    raw = [(key, m) for key in SIGN_KEYS for p in vocab.phrases(key) for m in index.matches(p)]
    if not raw:
        return Grade()
    found = Reading(index, vocab).settle(raw)
    if not found:
        return Grade()
    to_source = source_offsets(source)
    if len(to_source) != len(clean) + 1:  # should not happen: quote the normalized text then
        to_source, source = list(range(len(clean) + 1)), clean

    def in_source(span: Span) -> Span:
        start, end = span
        if to_clean is not None:
            start, end = to_clean[start], to_clean[end - 1] + 1
        return to_source[start], to_source[end - 1] + 1

    signs = []
    for f in found:
        start, end = in_source((f.start, f.end))
        qualifier = None
        if f.qualifier is not None:
            q_start, q_end = in_source(f.qualifier)
            qualifier = source[q_start:q_end]
        signs.append(Sign(kind_of(f.key), source[start:end], (start, end), f.part, qualifier))
    return Grade(tuple(signs))


def detect(text: str, vocab: RedFlagVocabulary) -> Flag | None:
    """The older reading: "emergency" for an emergency or unclear sign, "joint_pain" for an
    injury or joint pain, None for effort or nothing; never raises."""
    kinds = {sign.kind for sign in grade(text, vocab).signs}
    if kinds & {"emergency", "unclear"}:
        return "emergency"
    if kinds & {"injury", "joint_pain"}:
        return "joint_pain"
    return None
