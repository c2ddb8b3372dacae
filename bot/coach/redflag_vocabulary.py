"""The red-flag vocabulary: content/red_flags.yaml read and compiled once at start-up.

The file's sections (see its header for the phrase syntax) become `RedFlagVocabulary`: the
phrases of each grade, the qualifiers that settle unclear signs, negations and their exceptions,
phrases that are not red flags, body-part words, and the typo table. `load_vocabulary` raises
ValueError naming the file and the key at fault.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.coach.redflag_phrases import (
    Phrase,
    entries_regex,
    normalize,
    phrase,
    phrase_words,
    plain_entry,
)
from bot.coach.redflag_typos import Typos

SIGN_KEYS = ("emergency", "injury", "joint_pain", "unclear", "effort_cardio", "effort")
QUALIFIED_KEYS = ("unclear", "effort_cardio")
PHRASE_KEYS = (*SIGN_KEYS, "worse", "better", "negations", "negation_exceptions", "not_red_flags")
PART_KEYS = ("joints", "muscles")
KEYS = (*PHRASE_KEYS, *PART_KEYS, "typo_tolerant", "real_words", "misspellings")
PART_LISTS = {"joint": "joints", "muscle": "muscles"}  # `{joint}` in a phrase: the joints

Phrases = tuple[Phrase, ...]


@dataclass(frozen=True, slots=True)
class RedFlagVocabulary:
    """Compiled phrases from content/red_flags.yaml; the first four fields come first as before."""

    emergency: Phrases
    joint_pain: Phrases
    negations: Phrases
    not_red_flags: Phrases
    injury: Phrases = ()
    unclear: Phrases = ()
    effort_cardio: Phrases = ()
    effort: Phrases = ()
    worse: Phrases = ()
    better: Phrases = ()
    negation_exceptions: Phrases = ()
    negation_words: frozenset[str] = frozenset()  # the words of the negations
    parts: re.Pattern[str] | None = None  # any joint or muscle word
    part_names: Mapping[str, str] = field(default_factory=dict, compare=False)
    typos: Typos | None = field(default=None, compare=False)

    def phrases(self, key: str) -> Phrases:
        """The phrases of a section."""
        phrases: Phrases = getattr(self, key)
        return phrases


# ---- the vocabulary file -------------------------------------------------------------------


def load_vocabulary(path: Path) -> RedFlagVocabulary:
    """Read and compile the red-flag vocabulary; ValueError names the file and key at fault."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with the keys {', '.join(KEYS)}")
    unknown = sorted(str(k) for k in data if k not in KEYS)
    if unknown:
        raise ValueError(f"{path}: unknown key {unknown[0]!r} (expected {', '.join(KEYS)})")
    for key in KEYS:
        if key not in data:
            raise ValueError(f"{path}: missing key {key!r}")
    parts = {key: _parts(path, data, key) for key in PART_KEYS}
    lists = {
        name: [entry for entries in parts[key].values() for entry in entries]
        for name, key in PART_LISTS.items()
    }
    texts = {key: _phrase_texts(path, data, key) for key in PHRASE_KEYS}
    phrases = {key: _phrases(path, key, texts[key], lists) for key in PHRASE_KEYS}
    part_names = {
        entry: name for key in PART_KEYS for name, es in parts[key].items() for entry in es
    }
    known: list[str] = [word for entry in part_names for word in entry.split()]
    prefixes: list[str] = []
    for key in PHRASE_KEYS:
        for text in texts[key]:
            words, starts = phrase_words(text)
            known += words
            prefixes += starts
    real_words = _words(path, data, "real_words")
    negation_words = {w for text in texts["negations"] for w in phrase_words(text)[0]}
    return RedFlagVocabulary(
        **phrases,
        negation_words=frozenset(negation_words),
        parts=re.compile(rf"(?<!\w){entries_regex(part_names)}(?!\w)"),
        part_names=part_names,
        typos=Typos.build(
            _words(path, data, "typo_tolerant"),
            [*known, *real_words],
            prefixes,
            _misspellings(path, data),
        ),
    )


def _phrase_texts(path: Path, data: dict[object, object], key: str) -> list[str]:
    """The phrases under `key`, as text."""
    items = data[key]
    if not isinstance(items, list):
        raise ValueError(f"{path}: {key!r} must be a list of phrases, not {type(items).__name__}")
    if not items and key in SIGN_KEYS:
        raise ValueError(f"{path}: {key!r} must list at least one phrase")
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise ValueError(f"{path}: {key}[{i}] must be a phrase (text), not {item!r}")
    return items


def _phrases(path: Path, key: str, texts: list[str], lists: Mapping[str, Sequence[str]]) -> Phrases:
    """The phrases compiled; ValueError names the file, key, index and phrase."""
    compiled: list[Phrase] = []
    for i, text in enumerate(texts):
        try:
            compiled.append(phrase(text, lists))
        except ValueError as exc:
            raise ValueError(f"{path}: {key}[{i}] {text!r}: {exc}") from exc
    return tuple(compiled)


def _parts(path: Path, data: dict[object, object], key: str) -> dict[str, tuple[str, ...]]:
    """Body-part names and their words."""
    items = data[key]
    if not isinstance(items, dict) or not items:
        raise ValueError(f"{path}: {key!r} must map each body part to a list of its words")
    parts: dict[str, tuple[str, ...]] = {}
    for name, words in items.items():
        if not isinstance(name, str) or not isinstance(words, list) or not words:
            raise ValueError(f"{path}: {key}.{name} must be a list of words")
        entries: list[str] = []
        for i, word in enumerate(words):
            try:
                entries.append(plain_entry(str(word)))
            except ValueError as exc:
                raise ValueError(f"{path}: {key}.{name}[{i}] {word!r}: {exc}") from exc
        parts[name] = tuple(entries)
    return parts


def _words(path: Path, data: dict[object, object], key: str) -> list[str]:
    """A list of single words."""
    items = data[key]
    if not isinstance(items, list):
        raise ValueError(f"{path}: {key!r} must be a list of words, not {type(items).__name__}")
    words: list[str] = []
    for i, item in enumerate(items):
        word = normalize(item).strip() if isinstance(item, str) else ""
        if not word.isalpha():
            raise ValueError(f"{path}: {key}[{i}] must be one word of letters, not {item!r}")
        words.append(word)
    return words


def _misspellings(path: Path, data: dict[object, object]) -> dict[str, str]:
    """Misspellings and the word each stands for."""
    items = data["misspellings"]
    if not isinstance(items, dict):
        raise ValueError(f"{path}: 'misspellings' must map each misspelling to its word")
    result: dict[str, str] = {}
    for wrong, right in items.items():
        wrong_word = normalize(wrong).strip() if isinstance(wrong, str) else ""
        right_word = normalize(right).strip() if isinstance(right, str) else ""
        if not wrong_word.isalpha() or not right_word.isalpha():
            raise ValueError(f"{path}: misspellings.{wrong} must map a word to a word")
        result[wrong_word] = right_word
    return result
