"""Seed users who are cleared to train and have a weekly plan, straight into the database."""

from __future__ import annotations

from datetime import datetime, time

from bot.coach.plan import WeeklyPlan
from bot.coach.screening import Result
from bot.content import Content
from bot.storage.db import Database
from bot.storage.repo import Repo


async def seed_planned_users(
    db: Database,
    content: Content,
    user_ids: list[int],
    plan: WeeklyPlan,
    next_fire: datetime,
    now: datetime,
) -> None:
    """Each user: a cleared screening and `plan`, with its next reminder at `next_fire`."""
    questions = content.screening.questions
    result = Result(
        answers={q.id: False for q in questions},
        outcome="cleared",
        adaptations=frozenset(),
        content_version=content.screening.version,
        completed_at=now,
    )
    async with db.transaction() as tx:
        repo = Repo(tx)
        for user_id in user_ids:
            repo.users.touch(user_id, user_id, f"User {user_id}", now)
            repo.screenings.add(user_id, result)
            repo.plans.save(user_id, plan, next_fire, now)


def every_day_at(moment: datetime, tz: str = "UTC") -> WeeklyPlan:
    """A plan whose time is `moment`'s wall time (days: that weekday and two more)."""
    day = moment.weekday()
    return WeeklyPlan(
        days=frozenset({day, (day + 2) % 7, (day + 4) % 7}),
        at=time(moment.hour, moment.minute),
        tz=tz,
    )
