"""Typos in a red-flag message, read as the vocabulary words they stand for. Pure functions.

A word of the text that is no word of the vocabulary may be read as one of the
`typo_tolerant` words, when the two differ by one letter added, dropped, changed, or two
neighbouring letters swapped, start with the same letter, the word written has at least 4 letters
and the longer of the two at least 5 ("dizy", "breathles", "kneee", "chets"). Real words one
typo away ("chess", "heat") are listed so that they are never changed, and short misspellings
("pian") are listed with the word they stand for.

`Typos.build` indexes the `typo_tolerant` words of content/red_flags.yaml; `correct` rewrites a
normalized text with each typo read as its word, and says where each character came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

TYPO_MIN_LETTERS = 4  # the word written
TYPO_MIN_LONGER = 5  # the longer of the word written and the vocabulary word
TYPO_MAX_LETTERS = 30  # longer words are not looked at

_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True, eq=False)
class Typos:
    """Which words of a text are read as another word: see the module docstring."""

    tolerant: tuple[str, ...] = ()
    known: frozenset[str] = frozenset()
    known_prefixes: tuple[str, ...] = ()
    misspellings: Mapping[str, str] = field(default_factory=dict)
    _by_deletion: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        tolerant: Iterable[str],
        known: Iterable[str],
        known_prefixes: Iterable[str],
        misspellings: Mapping[str, str],
    ) -> Typos:
        """Typos with an index from each tolerant word, and each of it less one letter."""
        words = tuple(dict.fromkeys(tolerant))
        index: dict[str, list[str]] = {}
        for word in words:
            for key in {word, *_deletions(word)}:
                index.setdefault(key, []).append(word)
        return cls(
            tolerant=words,
            known=frozenset(known) | frozenset(words),
            known_prefixes=tuple(sorted(set(known_prefixes))),
            misspellings=dict(misspellings),
            _by_deletion={k: tuple(v) for k, v in index.items()},
        )

    def fix(self, word: str) -> str | None:
        """The vocabulary word that `word` (lower case letters) is a typo of, or None."""
        if word in self.misspellings:
            return self.misspellings[word]
        if (
            not TYPO_MIN_LETTERS <= len(word) <= TYPO_MAX_LETTERS
            or word in self.known
            or word.startswith(self.known_prefixes)
        ):
            return None
        candidates: dict[str, None] = {}
        for key in (word, *_deletions(word)):
            for target in self._by_deletion.get(key, ()):
                candidates[target] = None
        for target in self.tolerant:
            if (
                target in candidates
                and target[0] == word[0]
                and max(len(target), len(word)) >= TYPO_MIN_LONGER
                and one_typo_apart(word, target)
            ):
                return target
        return None


def _deletions(word: str) -> list[str]:
    """The word less one letter, at each place."""
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def one_typo_apart(a: str, b: str) -> bool:
    """Whether `a` and `b` differ by exactly one added, dropped or changed letter, or one swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    return short[i:] == long[i + 1 :]


def correct(text: str, typos: Typos | None) -> tuple[str, list[int] | None]:
    """`text` with typos read as the words they stand for, and for each of its characters the
    index in `text` it comes from (then len(text)); None when nothing changed."""
    if typos is None:
        return text, None
    pieces: list[str] = []
    offsets: list[int] = []
    done = 0
    seen: dict[str, str | None] = {}
    for match in _LETTERS.finditer(text):
        word = match.group()
        if word not in seen:
            seen[word] = typos.fix(word)
        fixed = seen[word]
        if fixed is None:
            continue
        start, end = match.span()
        pieces.append(text[done:start])
        offsets.extend(range(done, start))
        pieces.append(fixed)
        # the letters of the fix point into the word written, the last one to its last letter
        offsets.extend(min(start + i, end - 1) for i in range(len(fixed)))
        done = end
    if not pieces:
        return text, None
    pieces.append(text[done:])
    offsets.extend(range(done, len(text) + 1))
    return "".join(pieces), offsets
