"""How a red-flag message is read once its phrases are found: the machinery behind
`bot.coach.redflags.grade` (steps 3 to 6 of its docstring).

`Reading` splits one message into words, clauses and sentences and settles the raw matches:
negations, `not_red_flags` phrases, the qualifiers that grade unclear and cardio signs, the body
part named with a sign. `Spans` answers whether a span is covered or overlapped, `Disjoint` keeps
the signs apart (dropping the milder of two overlapping, merging those of one kind). `Kind` and
`KINDS` (the grades, most serious first) live here, below `redflags`, which re-exports them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from bot.coach.redflag_phrases import BOUNDARY_WORDS, CLAUSE_PUNCT, WordIndex
from bot.coach.redflag_vocabulary import QUALIFIED_KEYS, RedFlagVocabulary

Kind = Literal["emergency", "injury", "joint_pain", "unclear", "effort"]
KINDS: tuple[Kind, ...] = ("emergency", "injury", "joint_pain", "unclear", "effort")

NEGATION_WINDOW_WORDS = 3
BETTER_WINDOW_WORDS = 6  # a `better` qualifier starts at most this many words after its sign
PART_WINDOW_WORDS = 6  # a body part is looked for this many words around its sign, in its clause

SEVERITY = {kind: i for i, kind in enumerate(KINDS)}
_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(rf"[{re.escape(CLAUSE_PUNCT)}\n]|[^\W_]+")
_SENTENCE_END = frozenset(".!?;\n")
_CLAUSE_END = frozenset((*CLAUSE_PUNCT, "\n", *BOUNDARY_WORDS))

Span = tuple[int, int]


def kind_of(key: str) -> Kind:
    """The kind of a sign found by a phrase of section `key` (or settled as `key`)."""
    if key == "effort_cardio":
        return "effort"
    assert key in SEVERITY
    kind: Kind = key
    return kind


@dataclass(slots=True)
class Found:
    """A sign as it is settled: where it is, and what was read of it."""

    key: str  # its section, or once settled its kind
    start: int
    end: int
    part: str | None = None
    qualifier: Span | None = None


class Reading:
    """One message's words, clauses and sentences: for negations, qualifiers and body parts."""

    def __init__(self, index: WordIndex, vocab: RedFlagVocabulary) -> None:
        self.index = index
        self.text = text = index.text
        self.vocab = vocab
        self.starts: list[int] = []
        self.words: list[str] = []
        self.clauses: list[int] = []
        self.sentences: list[Span] = []
        clause = 0
        sentence_start = 0
        for token in _TOKEN.finditer(text):
            word = token.group()
            if word in _CLAUSE_END:
                clause += 1
                if word in _SENTENCE_END:
                    self.sentences.append((sentence_start, token.start()))
                    sentence_start = token.end()
                continue
            self.starts.append(token.start())
            self.words.append(word)
            self.clauses.append(clause)
        self.sentences.append((sentence_start, len(text)))
        self.sentence_starts = [start for start, _ in self.sentences]
        self.qualifier_cache: dict[tuple[str, Span], list[Span]] = {}
        self.part_cache: dict[Span, bool] = {}

    def settle(self, raw: list[tuple[str, re.Match[str]]]) -> list[Found]:
        """The signs that count, graded, most serious first, each told once."""
        found = [Found(key, m.start(), m.end()) for key, m in raw]
        negated = Spans(m.span() for _, m in raw if self.negated(m))
        kept = [f for f in found if not negated.cover(f.start, f.end)]
        allowed = Spans(
            m.span()
            for p in self.vocab.not_red_flags
            for m in self.index.matches(p)
            if not self.negated(m)
        )
        kept = [
            f
            for f in kept
            if f.key in ("emergency", "effort", "effort_cardio")
            or not allowed.overlap(f.start, f.end)
        ]
        for f in kept:
            self.settle_qualified(f)
        kept.sort(key=lambda f: (SEVERITY[kind_of(f.key)], f.start, -f.end))
        signs = Disjoint()
        for f in kept:
            signs.add(f)
        result = sorted(signs.items, key=lambda f: (SEVERITY[kind_of(f.key)], f.start))
        for f in result:
            if f.key != "unclear":
                f.part = self.part(f.start, f.end)
        return result

    def word_index(self, position: int) -> int:
        """The index of the first word starting at or after `position`."""
        return bisect_left(self.starts, position)

    def negated(self, match: re.Match[str]) -> bool:
        """A negation among the few words before the match, in the same clause, or in the words
        a `...` of its phrase stood for ("knee doesn't hurt"); unless an exception is there too."""
        return self.negated_before(match.start()) or any(
            self.negation_in(_WORD.findall(gap)) for gap in match.groups() if gap
        )

    def negated_before(self, start: int) -> bool:
        """A negation among the few words before `start`, in the same clause."""
        i = self.word_index(start)
        if i >= len(self.words):
            return False
        first = i
        while (
            first > 0
            and i - first < NEGATION_WINDOW_WORDS
            and self.clauses[first - 1] == self.clauses[i]
        ):
            first -= 1
        return self.negation_in(self.words[first:i])

    def negation_in(self, words: list[str]) -> bool:
        """Whether the words hold a negation and no negation exception."""
        if not words or self.vocab.negation_words.isdisjoint(words):
            return False
        window = " ".join(words)
        if not any(p.search(window) for p in self.vocab.negations):
            return False
        return not any(p.search(window) for p in self.vocab.negation_exceptions)

    def settle_qualified(self, f: Found) -> None:
        """Grade an unclear or cardio sign by the qualifiers said of it (f.key becomes a kind)."""
        if f.key not in QUALIFIED_KEYS:
            return
        sentence = self.sentence_of(f.start)
        worse = self.qualifiers("worse", sentence)
        better: list[Span] = []
        if self.text[sentence[1] : sentence[1] + 1] != "?":  # "is it ok to be dizzy?" asks
            candidates = self.qualifiers("better", sentence)
            for q in candidates[bisect_left(candidates, (f.end, f.end)) :]:
                if self.word_index(q[0]) - self.word_index(f.end) > BETTER_WINDOW_WORDS:
                    break
                if not self.names_part(f.end, q[1]):
                    better.append(q)
        if worse and better:
            f.key = "unclear"
        elif worse:
            f.key, f.qualifier = "emergency", worse[0]
        elif better:
            f.key, f.qualifier = "effort", better[0]
        else:
            f.key = kind_of(f.key)

    def sentence_of(self, position: int) -> Span:
        """The bounds of the sentence holding `position`."""
        return self.sentences[max(bisect_right(self.sentence_starts, position) - 1, 0)]

    def qualifiers(self, key: str, sentence: Span) -> list[Span]:
        """The spans of a qualifier section's phrases in a sentence, unless negated; sorted."""
        cached = self.qualifier_cache.get((key, sentence))
        if cached is None:
            cached = sorted(
                m.span()
                for p in self.vocab.phrases(key)
                for m in self.index.matches(p, *sentence)
                if not self.negated(m)
            )
            self.qualifier_cache[key, sentence] = cached
        return cached

    def names_part(self, start: int, end: int) -> bool:
        """Whether a body part is named between the two positions."""
        if (start, end) not in self.part_cache:
            parts = self.vocab.parts
            self.part_cache[start, end] = (
                parts is not None and parts.search(self.text, start, end) is not None
            )
        return self.part_cache[start, end]

    def part(self, start: int, end: int) -> str | None:
        """The body part named in the sign, or else nearest to it in its clause (a few words)."""
        parts = self.vocab.parts
        if parts is None or not self.words or not self.names_part(0, len(self.text)):
            return None
        i = min(self.word_index(start), len(self.words) - 1)
        j = max(i, min(self.word_index(end) - 1, len(self.words) - 1))
        first, last = i, j
        while (
            first > 0
            and i - first < PART_WINDOW_WORDS
            and self.clauses[first - 1] == self.clauses[i]
        ):
            first -= 1
        while (
            last + 1 < len(self.words)
            and last - j < PART_WINDOW_WORDS
            and self.clauses[last + 1] == self.clauses[j]
        ):
            last += 1
        lo = min(start, self.starts[first])
        hi = max(end, self.starts[last] + len(self.words[last]))
        best: tuple[int, str] | None = None
        for m in parts.finditer(self.text, lo, hi):
            distance = max(0, m.start() - end, start - m.end())
            name = self.vocab.part_names.get(" ".join(_TOKEN.findall(m.group())))
            if name is not None and (best is None or distance < best[0]):
                best = (distance, name)
        return best[1] if best else None


class Spans:
    """Spans of a text, to ask whether one of them covers or overlaps a given span."""

    def __init__(self, spans: Iterable[Span]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.max_ends = list(accumulate((end for _, end in ordered), max))

    def _max_end(self, before: int) -> int:
        """The furthest end of the spans starting before position `before`."""
        i = bisect_left(self.starts, before)
        return self.max_ends[i - 1] if i else -1

    def cover(self, start: int, end: int) -> bool:
        """Whether a span holds text[start:end] whole."""
        return self._max_end(start + 1) >= end

    def overlap(self, start: int, end: int) -> bool:
        """Whether a span shares a character with text[start:end]."""
        return self._max_end(end) > start


class Disjoint:
    """Signs kept apart: one overlapping a more serious one is dropped, overlapping ones of one
    kind are merged. Signs must come most serious first."""

    def __init__(self) -> None:
        self.items: list[Found] = []  # sorted by start, no two overlapping
        self.starts: list[int] = []

    def add(self, f: Found) -> None:
        i = bisect_right(self.starts, f.start)
        lo = i - 1 if i > 0 and self.items[i - 1].end > f.start else i
        hi = i
        while hi < len(self.items) and self.items[hi].start < f.end:
            hi += 1
        overlapping = self.items[lo:hi]
        if any(o.key != f.key for o in overlapping):
            return
        if overlapping:
            first = overlapping[0]
            first.start = min(first.start, f.start)
            first.end = max(o.end for o in (*overlapping, f))
            del self.items[lo + 1 : hi]
            del self.starts[lo + 1 : hi]
            self.starts[lo] = first.start
            return
        self.items.insert(i, f)
        self.starts.insert(i, f.start)
