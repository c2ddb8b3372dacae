"""The CPU-bound steps of handling a message, timed in this process, each against a baseline.

* **rep log**: `parse_log` over the ordinary messages of `tests/test_reps.py` (`CASES`), per
  message; baseline: the numbers found in the same messages, case-folded, by one regex.
* **red flags**: `detect` on a full-length (4096-character) message of ordinary training talk;
  `grade` on full-length messages packed with signs, typos or negations (`PACKED_TEXTS` of
  `tests/test_redflags.py`: the slowest of them) and on a plain log; baseline: the same text
  case-folded and searched once with one regular expression.
* **chart**: `render_progress_chart` of twelve weeks of sessions (`tests/test_chart.py`), after
  one warm-up render; baseline: an empty figure of the same size written as PNG.

Each figure is the CPU time of this process (`time.process_time`, so other work on the machine
matters less than with a wall clock), the best of several repeats; the ratio to the baseline,
measured in the same run, is what compares across machines. The targets are the limits that
tests used to assert on wall-clock time.
"""

from __future__ import annotations

import re
import tempfile
import time
import timeit
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import CONTENT_DIR, table, verdict

REPEATS = 5
FLAG_TEXT_UNIT = "3x10 legs sore but fine, "
PLAIN_MESSAGE = "3x10 felt easy"


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    unit: str
    seconds: float  # per unit, best of the repeats
    baseline: float  # per unit, best of the repeats
    target: float  # per unit

    def cells(self) -> tuple[str, ...]:
        return (
            self.name,
            self.unit,
            f"{self.seconds * 1000:.3g}",
            f"{self.baseline * 1000:.3g}",
            f"{self.seconds / self.baseline:.1f}",
            f"< {self.target * 1000:g}",
            verdict(self.seconds < self.target),
        )


def best(action: Callable[[], object], number: int, repeats: int = REPEATS) -> float:
    """CPU seconds of this process per call of `action`: the best of `repeats` runs of
    `number` calls."""
    runs = timeit.repeat(action, number=number, repeat=repeats, timer=time.process_time)
    return min(runs) / number


def rep_logs() -> Row:
    from bot.coach.reps import parse_log
    from tests.test_reps import CASES

    messages = [text for text, _ in CASES]
    per_run = len(messages)
    seconds = best(lambda: [parse_log(m) for m in messages], number=3) / per_run
    digits = re.compile(r"\d+")
    baseline = best(lambda: [digits.findall(m.casefold()) for m in messages], number=3) / per_run
    return Row("rep log (parse_log)", f"message (x{per_run})", seconds, baseline, 0.001)


def red_flags() -> list[Row]:
    from bot.coach.redflags import MAX_TEXT_CHARS, detect, grade, load_vocabulary
    from tests.test_redflags import PACKED_TEXTS, packed

    vocabulary = load_vocabulary(CONTENT_DIR / "red_flags.yaml")
    word = re.compile(r"\bchest\s+pain\b")

    def scan(text: str) -> object:
        return word.search(text.casefold())

    talk = (FLAG_TEXT_UNIT * (MAX_TEXT_CHARS // len(FLAG_TEXT_UNIT) + 1))[:MAX_TEXT_CHARS]
    rows = [
        Row(
            "red flags (detect), training talk",
            f"{MAX_TEXT_CHARS}-char message",
            best(lambda: detect(talk, vocabulary), number=3),
            best(lambda: scan(talk), number=3),
            0.05,
        )
    ]
    slowest = max(PACKED_TEXTS, key=lambda unit: best(lambda: grade(packed(unit), vocabulary), 1))
    text = packed(slowest)
    rows.append(
        Row(
            f"red flags (grade), packed: slowest of {len(PACKED_TEXTS)}",
            f"{MAX_TEXT_CHARS}-char message",
            best(lambda: grade(text, vocabulary), number=3),
            best(lambda: scan(text), number=3),
            0.1,
        )
    )
    plain = PLAIN_MESSAGE
    rows.append(
        Row(
            "red flags (grade), plain",
            f"{plain!r}",
            best(lambda: grade(plain, vocabulary), number=100),
            best(lambda: scan(plain), number=100),
            0.002,
        )
    )
    return rows


def chart() -> Row:
    from matplotlib.figure import Figure

    from bot.media.chart import DPI, SIZE_INCHES
    from tests.test_chart import realistic_history, render_chart

    history = realistic_history()
    with tempfile.TemporaryDirectory(prefix="bench-chart-") as tmp:
        folder = Path(tmp)
        render_chart(history, folder / "warm.png")

        def empty() -> None:
            figure = Figure(figsize=SIZE_INCHES, dpi=DPI)
            figure.subplots(2, 1)
            figure.savefig(folder / "empty.png", format="png", dpi=DPI)

        empty()
        seconds = best(lambda: render_chart(history, folder / "chart.png"), number=1, repeats=3)
        baseline = best(empty, number=1, repeats=3)
    return Row("chart (render_progress_chart)", "chart, 12 weeks", seconds, baseline, 0.5)


def run() -> None:
    print("== cpu: the CPU-bound steps of a message, CPU time, best of repeats ==")
    rows = [rep_logs(), *red_flags(), chart()]
    headers = ("step", "per", "ms", "baseline ms", "x baseline", "target ms", "verdict")
    print(table(headers, [row.cells() for row in rows]))
    print(
        "baselines: rep log = casefold + one regex for the numbers of each message; red flags"
        " = casefold + one regex search of the text; chart = an empty figure of the same size"
        " saved as PNG"
    )
