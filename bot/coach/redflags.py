"""Red flags in any user message: signs to stop now ("emergency") or to stop and adapt
("joint_pain"). They are checked before anything else a message might mean.

The phrases live in content/red_flags.yaml, read once by `load_vocabulary`. A phrase is a few
words, matched whole and case-insensitively, with any spaces or punctuation between them
("light headed" matches "light-headed"); apostrophes are ignored ("can't" is "cant"). Three
small additions:

- `word*` matches any word starting with `word` ("dizz*": dizzy, dizziness);
- `(a|b|c)` matches any one of the words (each may end in `*`);
- `...` stands for up to three words in between, within one clause ("knee ... sore" matches
  "my knee is a bit sore" but not "my knee is fine, legs sore").

A match does not count when it overlaps a `not_red_flags` phrase ("pain-free", "legs hurt":
muscle soreness after training is expected) or when a `negations` phrase ("no", "didn't")
comes within the three words before it in the same clause ("no knee pain").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

Flag = Literal["emergency", "joint_pain"]
KEYS = ("emergency", "joint_pain", "negations", "not_red_flags")
MAX_TEXT_CHARS = 4096  # a Telegram message is at most this long
NEGATION_WINDOW_WORDS = 3

_APOSTROPHES = re.compile(r"['’`´ʼ]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_CLAUSE_PUNCT = ".,;:!?"
_BOUNDARY_WORDS = "but|and|though|although|however|yet"
_SEP = rf"[^\w{re.escape(_CLAUSE_PUNCT)}]+"
_GAP = rf"(?:{_SEP}(?!(?:{_BOUNDARY_WORDS})(?!\w))\w+){{0,3}}"
_CLAUSE_END = re.compile(rf"[{re.escape(_CLAUSE_PUNCT)}]|(?<!\w)(?:{_BOUNDARY_WORDS})(?!\w)")
_WORD = r"[^\W_]+\*?"
_PART = re.compile(rf"\.\.\.|{_WORD}|\((?:{_WORD})(?:\|{_WORD})*\)")


@dataclass(frozen=True, slots=True)
class RedFlagVocabulary:
    """Compiled phrases from content/red_flags.yaml."""

    emergency: tuple[re.Pattern[str], ...]
    joint_pain: tuple[re.Pattern[str], ...]
    negations: tuple[re.Pattern[str], ...]
    not_red_flags: tuple[re.Pattern[str], ...]


def detect(text: str, vocab: RedFlagVocabulary) -> Flag | None:
    """The most serious red flag in `text`, or None; never raises."""
    clean = normalize(text)
    allowed = [m.span() for p in vocab.not_red_flags for m in p.finditer(clean)]
    for flag, patterns in (("emergency", vocab.emergency), ("joint_pain", vocab.joint_pain)):
        for match in _matches(clean, patterns):
            if not _overlaps(match.span(), allowed) and not _negated(clean, match, vocab):
                return "emergency" if flag == "emergency" else "joint_pain"
    return None


def normalize(text: str) -> str:
    """Case-folded text without apostrophes or invisible characters, at most MAX_TEXT_CHARS."""
    return _APOSTROPHES.sub("", _INVISIBLE.sub("", text[:MAX_TEXT_CHARS].casefold()))


def _matches(text: str, patterns: tuple[re.Pattern[str], ...]) -> Iterator[re.Match[str]]:
    """Every match of every pattern, pattern by pattern."""
    for pattern in patterns:
        yield from pattern.finditer(text)


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    """Whether `span` overlaps any of `others`."""
    return any(start < span[1] and span[0] < end for start, end in others)


def _negated(text: str, match: re.Match[str], vocab: RedFlagVocabulary) -> bool:
    """A negation among the few words before the match, in the same clause."""
    before = text[: match.start()]
    ends = list(_CLAUSE_END.finditer(before))
    clause = before[ends[-1].end() :] if ends else before
    window = " ".join(re.findall(r"\w+", clause)[-NEGATION_WINDOW_WORDS:])
    return any(p.search(window) for p in vocab.negations)


def compile_phrase(phrase: str) -> re.Pattern[str]:
    """A phrase in the small syntax above as a regex; ValueError says what is wrong."""
    parts = normalize(phrase).replace("-", " ").split()
    if not parts:
        raise ValueError("empty phrase")
    if parts[0] == "..." or parts[-1] == "...":
        raise ValueError("'...' must stand between two words")
    pieces: list[str] = []
    for part in parts:
        if not _PART.fullmatch(part):
            raise ValueError(f"cannot read {part!r}")
        if part == "...":
            pieces.append(_GAP)
            continue
        if pieces:
            pieces.append(_SEP)
        pieces.append(_word_regex(part))
    return re.compile(r"(?<!\w)" + "".join(pieces) + r"(?!\w)", re.IGNORECASE)


def _word_regex(part: str) -> str:
    """One word or `(a|b)` group as a regex."""
    words = part.strip("()").split("|")
    alternatives = [re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in words]
    return "(?:" + "|".join(alternatives) + ")"


def load_vocabulary(path: Path) -> RedFlagVocabulary:
    """Read and compile the red-flag phrases; ValueError names the file and key at fault."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with the keys {', '.join(KEYS)}")
    unknown = sorted(str(k) for k in data if k not in KEYS)
    if unknown:
        raise ValueError(f"{path}: unknown key {unknown[0]!r} (expected {', '.join(KEYS)})")
    lists = {key: _phrases(path, data, key) for key in KEYS}
    return RedFlagVocabulary(**lists)


def _phrases(path: Path, data: dict[object, object], key: str) -> tuple[re.Pattern[str], ...]:
    """The compiled list under `key`."""
    if key not in data:
        raise ValueError(f"{path}: missing key {key!r}")
    items = data[key]
    if not isinstance(items, list):
        raise ValueError(f"{path}: {key!r} must be a list of phrases, not {type(items).__name__}")
    if not items and key in ("emergency", "joint_pain"):
        raise ValueError(f"{path}: {key!r} must list at least one phrase")
    compiled: list[re.Pattern[str]] = []
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise ValueError(f"{path}: {key}[{i}] must be a phrase (text), not {item!r}")
        try:
            compiled.append(compile_phrase(item))
        except ValueError as exc:
            raise ValueError(f"{path}: {key}[{i}] {item!r}: {exc}") from exc
    return tuple(compiled)
