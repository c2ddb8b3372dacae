"""Replies as the JSON of an outbox row's payload, and back."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.coach.messages import Button, ChartData, FileData, Reply


def reply_to_json(reply: Reply) -> dict[str, Any]:
    data = asdict(reply)
    for key in ("image", "animation", "document"):
        data[key] = str(data[key]) if data[key] is not None else None
    return data


def reply_from_json(data: dict[str, Any]) -> Reply:
    rows = tuple(tuple(Button(**button) for button in row) for row in data["buttons"])
    paths = {k: Path(data[k]) if data[k] else None for k in ("image", "animation", "document")}
    chart = data.get("chart")
    file = data.get("file")
    return Reply(
        text=data["text"],
        buttons=rows,
        edit=data["edit"],
        ask_location=data["ask_location"],
        remove_keyboard=data["remove_keyboard"],
        chart=_chart_from_json(chart) if chart else None,
        file=FileData(**file) if file else None,
        **paths,
    )


def _chart_from_json(data: dict[str, Any]) -> ChartData:
    return ChartData(
        title=data["title"],
        labels=tuple((str(k), str(v)) for k, v in data["labels"]),
        sessions=tuple((str(d), int(r), _kg(w)) for d, r, w in data["sessions"]),
        adherence=tuple((str(w), int(d), p) for w, d, p in data["adherence"]),
    )


def _kg(weight: object) -> float | None:
    """A session's weight in kg; rows stored before weights were kept say only true/false."""
    if weight is None or weight is False:
        return None
    return float(weight) if isinstance(weight, int | float) else None
