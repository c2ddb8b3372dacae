"""Every text the coach sends is in the project's own words: no run of 8 words of a source article.

The articles are not in the project; their fingerprint is (see tests/own_words.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.own_words import (
    FINGERPRINT_PATH,
    RUN_WORDS,
    copied_runs,
    fingerprint,
    words,
    yaml_strings,
)

CONTENT = Path(__file__).resolve().parent.parent / "content"
CONTENT_FILES = sorted(CONTENT.rglob("*.yaml"))
FINGERPRINT = json.loads(FINGERPRINT_PATH.read_text(encoding="utf-8"))
ARTICLES = {name: frozenset(hashes) for name, hashes in FINGERPRINT["articles"].items()}

# A made-up "article" for checking the mechanism itself.
ARTICLE = "Step back with your left foot and lower your hips until both knees bend."


def test_the_fingerprint_covers_both_articles_in_full() -> None:
    """Two articles of roughly 900 and 1,000 words: one hash per run, nothing readable."""
    assert FINGERPRINT["run_words"] == RUN_WORDS
    assert len(ARTICLES) == 2
    assert all(len(hashes) > 800 for hashes in ARTICLES.values())
    assert all(len(h) == 16 and int(h, 16) >= 0 for hs in ARTICLES.values() for h in hs)


def test_every_content_file_has_texts_to_check() -> None:
    """The check walks every YAML file under content/, including the exercises."""
    names = {path.relative_to(CONTENT).as_posix() for path in CONTENT_FILES}
    assert {"messages.yaml", "screening.yaml", "exercises/reverse-lunge.yaml"} <= names
    assert sum(1 for path in CONTENT_FILES for _ in yaml_strings(path)) > 300


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.relative_to(CONTENT).as_posix())
@pytest.mark.parametrize("article", sorted(ARTICLES))
def test_own_words(path: Path, article: str) -> None:
    """No string of the content file shares a run of 8 words with the article."""
    copied = {
        where: found
        for where, text in yaml_strings(path)
        if (found := copied_runs(text, ARTICLES[article]))
    }
    assert copied == {}


def test_a_copied_run_is_found_whatever_its_dress() -> None:
    """Case, HTML tags, entities and full-width letters do not hide a copy."""
    hashes = frozenset(fingerprint({"a": ARTICLE})["articles"]["a"])
    expected = [
        "back with your left foot and lower your",
        "step back with your left foot and lower",
        "with your left foot and lower your hips",
    ]
    assert (
        copied_runs("Then step back with your left foot and lower your hips.", hashes) == expected
    )
    dressed = (
        "Now <b>STEP back</b> with&#32;your \uff4c\uff45\uff46\uff54 foot and lower your hips!"
    )
    assert copied_runs(dressed, hashes) == expected


def test_seven_words_are_not_a_copy() -> None:
    """Fewer than 8 consecutive words of an article are common phrasing, not copying."""
    hashes = frozenset(fingerprint({"a": ARTICLE})["articles"]["a"])
    assert copied_runs("You step back with your left foot, then rest.", hashes) == []


def test_words_are_normalised_across_scripts_and_apostrophes() -> None:
    """Any script's letters and digits are words; apostrophes join, punctuation splits."""
    assert words("Don’t <i>bend</i> the KNEE, ３ sets — ноги!") == [
        "dont",
        "bend",
        "the",
        "knee",
        "3",
        "sets",
        "ноги",
    ]
