"""Build the fingerprint of the source articles that the "own words" test checks against.

    python scripts/build_source_fingerprint.py path/to/article-1.txt path/to/article-2.txt

The articles the coaching content is based on are not part of the project; their fingerprint is
(`tests/data/source_fingerprint.json`, see `tests/own_words.py`): hashes of every normalised run
of 8 words, with no readable text. Run this when an article is added or changed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.own_words import FINGERPRINT_PATH, fingerprint  # noqa: E402 (after the path is set)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("articles", type=Path, nargs="+", help="the source articles, as text")
    parser.add_argument(
        "--out", type=Path, default=FINGERPRINT_PATH, help=f"default: {FINGERPRINT_PATH}"
    )
    args = parser.parse_args()
    texts = {path.name: path.read_text(encoding="utf-8") for path in args.articles}
    data = fingerprint(texts)
    args.out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    for name, hashes in data["articles"].items():
        sys.stdout.write(f"{name}: {len(hashes)} runs of {data['run_words']} words\n")
    sys.stdout.write(f"-> {args.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
