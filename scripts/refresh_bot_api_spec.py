"""Refresh the project's copy of the Bot API spec from a full machine-readable one.

    python scripts/refresh_bot_api_spec.py path/to/api.json

`api.json` is the whole Bot API as data (every method and type, with descriptions); the fake Bot
API in `tests/fakes/` needs only the methods, types, fields, field types, required flags, return
types, subtypes and subtype tags. This writes those, and no prose, to
`tests/data/bot_api_spec.json`. Run it when a newer Bot API version comes out, then `make test`:
the end-to-end tests show what the new version rejects that the bot sends.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.bot_api_spec import SPEC_PATH, compact  # noqa: E402 (after the path is set)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("full_spec", type=Path, help="the full api.json")
    parser.add_argument("--out", type=Path, default=SPEC_PATH, help=f"default: {SPEC_PATH}")
    args = parser.parse_args()
    full = json.loads(args.full_spec.read_text(encoding="utf-8"))
    spec = compact(full)
    args.out.write_text(_one_entry_a_line(spec), encoding="utf-8")
    tagged = sum("tag" in t for t in spec["types"].values())
    sys.stdout.write(
        f"{spec['version']}: {len(spec['methods'])} methods, {len(spec['types'])} types "
        f"({tagged} tagged subtypes) -> {args.out}\n"
    )
    return 0


def _one_entry_a_line(spec: dict[str, Any]) -> str:
    """JSON with one method or type a line, so that a refresh reads well as a diff."""
    lines = ["{", f'"version": {json.dumps(spec["version"])},']
    for section in ("methods", "types"):
        entries = [f"{json.dumps(k)}: {json.dumps(v)}" for k, v in spec[section].items()]
        closing = "}," if section == "methods" else "}"
        lines += [f'"{section}": {{', ",\n".join(entries), closing]
    return "\n".join(lines) + "\n}\n"


if __name__ == "__main__":
    sys.exit(main())
