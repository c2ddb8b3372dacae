"""The "own words" check: no run of 8 consecutive words of a source article in any text we send.

The source articles themselves are not part of the project. What it keeps is their fingerprint,
`tests/data/source_fingerprint.json`: a short hash of every normalised run of `RUN_WORDS` words of
each article, from which no text can be read back. `scripts/build_source_fingerprint.py` builds it
from the articles when they are at hand; `tests/test_own_words.py` checks every user-visible text
in `content/` against it.

Normalisation (the same for the articles and for our texts): HTML tags dropped and entities
decoded, Unicode NFKC, case folded, apostrophes dropped, then words are runs of letters and
digits of any script.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

RUN_WORDS = 8
HASH_HEX_DIGITS = 16  # 64 bits of SHA-256: no false match among a few thousand runs
FINGERPRINT_PATH = Path(__file__).resolve().parent / "data" / "source_fingerprint.json"

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The normalised words of a text (HTML or plain)."""
    text = html.unescape(_TAG.sub("", text))
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("\u2019", "").replace("'", "")
    return _WORD.findall(text)


def runs(text: str, size: int = RUN_WORDS) -> Iterator[str]:
    """Every run of `size` consecutive normalised words, joined by single spaces."""
    found = words(text)
    for i in range(len(found) - size + 1):
        yield " ".join(found[i : i + size])


def run_hash(run: str) -> str:
    """The fingerprint of one run: the first `HASH_HEX_DIGITS` hex digits of its SHA-256."""
    return hashlib.sha256(run.encode("utf-8")).hexdigest()[:HASH_HEX_DIGITS]


def fingerprint(articles: Mapping[str, str]) -> dict[str, Any]:
    """The fingerprint data of some articles (name -> text), as committed in JSON."""
    return {
        "run_words": RUN_WORDS,
        "hash": f"sha256, first {HASH_HEX_DIGITS} hex digits, of the run's words joined by spaces",
        "articles": {
            name: sorted({run_hash(run) for run in runs(text)})
            for name, text in sorted(articles.items())
        },
    }


def copied_runs(text: str, hashes: frozenset[str]) -> list[str]:
    """The runs of `text` whose hash is in `hashes` (an article's fingerprint)."""
    return sorted({run for run in runs(text) if run_hash(run) in hashes})


def yaml_strings(path: Path) -> Iterator[tuple[str, str]]:
    """Every string in a YAML file, with a dotted path to it for error messages."""
    yield from _walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)


def _walk(node: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            yield from _walk(value, f"{where}.{key}")
    elif isinstance(node, Iterable):
        for i, value in enumerate(node):
            yield from _walk(value, f"{where}[{i}]")
