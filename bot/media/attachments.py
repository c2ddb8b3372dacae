"""Turns a reply's in-memory attachments (a progress chart, a CSV) into files to send."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path

from bot.coach.messages import ChartData, FileData
from bot.coach.sessions import LoggedSet, Session


def chart_file(chart: ChartData, directory: Path) -> Path:
    """Draw the chart into `directory` (named by its content, so a redraw is reused)."""
    digest = hashlib.sha256(json.dumps(asdict(chart), sort_keys=True).encode()).hexdigest()[:16]
    path = directory / f"chart-{digest}.png"
    if path.exists():
        return path
    from bot.media.chart import ChartLabels, render_progress_chart  # matplotlib: only when drawn

    directory.mkdir(parents=True, exist_ok=True)
    sessions = [
        Session(
            id=index,
            local_date=date.fromisoformat(day),
            logged_at=datetime.fromisoformat(day).replace(tzinfo=UTC),
            sets=(LoggedSet(reps, "both", kg),),
        )
        for index, (day, reps, kg) in enumerate(chart.sessions)
    ]
    adherence = [
        (date.fromisoformat(week), done, planned) for week, done, planned in chart.adherence
    ]
    labels = ChartLabels(**dict(chart.labels))
    temporary = path.with_suffix(".tmp.png")
    render_progress_chart(sessions, adherence, temporary, title=chart.title, labels=labels)
    temporary.replace(path)
    return path


def text_file(file: FileData) -> bytes:
    """The file's bytes: UTF-8, for a CSV with a byte-order mark so spreadsheets read accents
    right (an .ics file goes without: calendar apps expect none)."""
    return file.text.encode("utf-8-sig" if file.filename.endswith(".csv") else "utf-8")
