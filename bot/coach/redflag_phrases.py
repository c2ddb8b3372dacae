"""The phrase language of content/red_flags.yaml. Pure functions.

Text is compared after `normalize`: case-folded, without apostrophes ("can't" is "cant") or
invisible characters, and at most MAX_TEXT_CHARS long.

A phrase is a few words, matched whole, with any spaces or punctuation between them ("light
headed" matches "light-headed"). Besides plain words:

- `word*` matches any word starting with `word` ("dizz*": dizzy, dizziness);
- `(a|b|c)` matches any one of the words (each may end in `*`);
- `...` stands for up to three words in between, within one clause: clauses end at `.,;:!?`
  and at "but", "and", "though", "although", "however", "yet" ("knee ... sore" matches "my knee
  is a bit sore" but not "my knee is fine, legs sore"); the words it stood for are the match's
  groups (a caller may look there for a negation: "knee doesn't hurt");
- `{name}` matches any word or words of the named list (`{joint}`, `{muscle}`);
- `!word` or `!(a|b)` after a word: only when the next word is not one of these ("faint
  !(burn|smell)" matches "I feel faint" but not "a faint burn").

Typos are read as the words they stand for before phrases are looked for:
bot/coach/redflag_typos.py (`Typos`, `correct`; re-exported here).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from bot.coach.redflag_typos import Typos as Typos
from bot.coach.redflag_typos import correct as correct
from bot.coach.redflag_typos import one_typo_apart as one_typo_apart

MAX_TEXT_CHARS = 4096  # a Telegram message is at most this long
GAP_WORDS = 3

_APOSTROPHES = re.compile(r"['’`´ʼ]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
CLAUSE_PUNCT = ".,;:!?"
BOUNDARY_WORDS = ("but", "and", "though", "although", "however", "yet")
_BOUNDARY = "|".join(BOUNDARY_WORDS)
SEP = rf"[^\w{re.escape(CLAUSE_PUNCT)}]+"
_GAP = rf"(?:{SEP}(?!(?:{_BOUNDARY})(?!\w))\w+){{0,{GAP_WORDS}}}"
_WORD = r"[^\W_]+\*?"
_GROUP = rf"\((?:{_WORD})(?:\|{_WORD})*\)"
_PART = re.compile(rf"\.\.\.|!?{_WORD}|!?{_GROUP}|\{{[a-z_]+\}}")
_PLAIN_ENTRY = re.compile(r"[^\W_]+(?: [^\W_]+)*")
_WORDS = re.compile(r"[^\W_]+")
Span = tuple[int, int]


def normalize(text: str) -> str:
    """Case-folded text without apostrophes or invisible characters, at most MAX_TEXT_CHARS."""
    return _APOSTROPHES.sub("", _INVISIBLE.sub("", text[:MAX_TEXT_CHARS].casefold()))


def source_offsets(text: str) -> list[int]:
    """For each character of `normalize(text)` the index in `text` it comes from, then len(text).

    Case folding may turn one character into two ("ß" into "ss"): both point to the one.
    """
    text = text[:MAX_TEXT_CHARS]
    if text.isascii() and not _APOSTROPHES.search(text):
        return list(range(len(text) + 1))  # one character for one
    offsets: list[int] = []
    for i, char in enumerate(text):
        for folded in char.casefold():
            if not (_APOSTROPHES.match(folded) or _INVISIBLE.match(folded)):
                offsets.append(i)
    offsets.append(len(text))
    return offsets


def compile_phrase(phrase: str, lists: Mapping[str, str] | None = None) -> re.Pattern[str]:
    """A phrase as a regex for normalized text, `lists` giving the regex of each `{name}`;
    ValueError says what is wrong."""
    parts = normalize(phrase).replace("-", " ").split()
    if not parts:
        raise ValueError("empty phrase")
    if parts[0] == "..." or parts[-1] == "...":
        raise ValueError("'...' must stand between two words")
    pieces: list[str] = []
    previous = ""
    for part in parts:
        if not _PART.fullmatch(part):
            raise ValueError(f"cannot read {part!r}")
        if part == "...":
            if previous == "...":
                raise ValueError("'...' twice in a row")
            pieces.append(f"({_GAP})")  # the only capturing group: what the gap held
        elif part.startswith("!"):
            if not previous or previous == "...":
                raise ValueError(f"{part!r} must follow a word")
            pieces.append(rf"(?!{SEP}{_word_regex(part[1:])}(?!\w))")
        else:
            if pieces:
                pieces.append(SEP)
            pieces.append(_list_regex(part, lists) if part.startswith("{") else _word_regex(part))
        previous = part
    return re.compile(r"(?<!\w)" + "".join(pieces) + r"(?!\w)")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A compiled phrase, and the words its matches start with (`first_words`, or a word
    starting with one of `first_prefixes`): `WordIndex` tries it only where one of them is."""

    text: str
    pattern: re.Pattern[str]
    first_words: frozenset[str] = frozenset()
    first_prefixes: tuple[str, ...] = ()

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches in `text` (normalized), left to right, not overlapping."""
        return self.pattern.finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        """The first match in `text` (normalized)."""
        return self.pattern.search(text)


def phrase(text: str, lists: Mapping[str, Sequence[str]] | None = None) -> Phrase:
    """A phrase compiled, `lists` giving the entries of each `{name}`; ValueError says what is
    wrong."""
    regexes = {name: entries_regex(entries) for name, entries in (lists or {}).items()}
    pattern = compile_phrase(text, regexes)
    first = normalize(text).replace("-", " ").split()[0]
    if first.startswith("{"):
        alternatives = [entry.split()[0] for entry in (lists or {})[first[1:-1]]]
    else:
        alternatives = first.strip("()").split("|")
    return Phrase(
        text,
        pattern,
        frozenset(w for w in alternatives if not w.endswith("*")),
        tuple(w[:-1] for w in alternatives if w.endswith("*")),
    )


class WordIndex:
    """Where each word of a (normalized) text starts, to try each phrase only where its first
    word is: a long message costs in proportion to the words it shares with the vocabulary."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at: dict[str, list[int]] = {}
        for match in _WORDS.finditer(text):
            self.at.setdefault(match.group(), []).append(match.start())

    def matches(
        self, phrase: Phrase, start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        """A match of `phrase` at each place in text[start:end] it can start; its groups hold
        the words each `...` stood for."""
        end = len(self.text) if end is None else end
        places: set[int] = set()
        for word in phrase.first_words:
            places.update(self.at.get(word, ()))
        if phrase.first_prefixes:
            for word, at in self.at.items():
                if word.startswith(phrase.first_prefixes):
                    places.update(at)
        for place in sorted(places):
            if start <= place < end:
                match = phrase.pattern.match(self.text, place, end)
                if match is not None:
                    yield match


def _word_regex(part: str) -> str:
    """One word or `(a|b)` group as a regex."""
    words = part.strip("()").split("|")
    alternatives = [re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in words]
    return "(?:" + "|".join(alternatives) + ")"


def _list_regex(part: str, lists: Mapping[str, str] | None) -> str:
    """The regex of a `{name}` list."""
    name = part[1:-1]
    if lists is None or name not in lists:
        known = ", ".join("{" + n + "}" for n in sorted(lists or ())) or "none"
        raise ValueError(f"unknown list {part} (known: {known})")
    return lists[name]


def plain_entry(entry: str) -> str:
    """A list entry (one or more plain words), normalized; ValueError when it is not that."""
    words = " ".join(normalize(entry).replace("-", " ").split())
    if not _PLAIN_ENTRY.fullmatch(words):
        raise ValueError("must be one or more plain words")
    return words


def entries_regex(entries: Iterable[str]) -> str:
    """A regex matching any of the (normalized, plain) entries, longest first."""
    ordered = sorted(set(entries), key=lambda e: (-len(e), e))
    return "(?:" + "|".join(SEP.join(re.escape(w) for w in e.split()) for e in ordered) + ")"


def phrase_words(phrase: str) -> tuple[list[str], list[str]]:
    """The literal words and the `word*` prefixes a phrase names."""
    words: list[str] = []
    prefixes: list[str] = []
    for part in normalize(phrase).replace("-", " ").split():
        if part == "..." or part.startswith("{"):
            continue
        for word in part.lstrip("!").strip("()").split("|"):
            (prefixes if word.endswith("*") else words).append(word.rstrip("*"))
    return words, prefixes
