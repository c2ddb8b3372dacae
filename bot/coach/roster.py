"""The coach's roster: which clients need attention, why, and how well each keeps the plan.

Pure rules over plain dates, so they are tested on any calendar without a database. The inputs
are one `ClientFacts` per client (gathered by the storage through the coach's links); `today`
is the local date the roster is read on. The thresholds are the product's attention rules
(the constants below; README "For coaches" states them for coaches).

Compliance is "sessions done / sessions planned", the measure coaching platforms show
(TrueCoach, Trainerize): planned days are the plan's days that fell in the window while the
plan was running (not paused, not before the client linked or made the plan); done is the
number of distinct training days in the window, capped at the planned count, so a session moved
from Monday to Tuesday still counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum

RECENT_DAYS = 14  # compliance "lately": the last 14 days, today excluded
EARLIER_DAYS = 30  # compared against the 30 days before those
LOW_COMPLIANCE = 0.5  # under 50% of planned sessions done over RECENT_DAYS
DROP_POINTS = 20  # or down 20 percentage points against the EARLIER_DAYS before
SCREENING_WARNING_DAYS = 30  # a screening that expires within 30 days is flagged
QUIET_DAYS = 7  # no activity at all for 7 days


class Reason(IntEnum):
    """Why a client needs attention; a lower value is more urgent (the roster's order)."""

    ALERT = 1  # a red flag or a pain rating over 5 the coach has not looked at
    MISSED_TWO = 2  # the last two planned sessions both passed without training
    LOW_COMPLIANCE = 3  # under 50% over the last 14 days
    COMPLIANCE_DROP = 4  # down 20 points against the 30 days before
    NO_SCREENING = 5  # never screened, or the screening has expired
    SCREENING_EXPIRING = 6  # the screening expires within 30 days
    QUIET = 7  # no activity for 7 days


@dataclass(frozen=True, slots=True)
class Compliance:
    """Sessions done against sessions planned over a window; `rate` in 0..1."""

    done: int
    planned: int

    @property
    def rate(self) -> float:
        return self.done / self.planned

    @property
    def percent(self) -> int:
        """The rate as a whole percentage, rounded half up."""
        return int(self.rate * 100 + 0.5)


@dataclass(frozen=True, slots=True)
class ClientFacts:
    """What the roster reads about one client (all local dates in the client's time zone).

    `plan_days`: weekdays of the plan, Monday = 0 (empty: no plan); `plan_since`: the first day
    the plan counted; `paused`: (first, last) local dates the plan was paused, both inclusive;
    `session_dates`: local dates with a logged session; `screening_expires`: the first date
    the screening is no longer valid (None: never screened); `last_activity`: the last
    message or button of the client (None: never); `unseen_alert`: when the oldest red flag or
    pain rating over 5 the coach has not yet looked at was reported (None: none).
    """

    link_id: int
    name: str
    linked_on: date
    plan_days: frozenset[int] = frozenset()
    plan_since: date | None = None
    paused: tuple[tuple[date, date], ...] = ()
    session_dates: frozenset[date] = frozenset()
    screening_expires: date | None = None
    last_activity: datetime | None = None
    unseen_alert: datetime | None = None


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One client on the roster: the reasons to look (most urgent first; empty: all well)
    and compliance over the last 7 and 30 days (None: nothing was planned)."""

    client: ClientFacts
    reasons: tuple[Reason, ...]
    last_7: Compliance | None
    last_30: Compliance | None

    @property
    def needs_attention(self) -> bool:
        return bool(self.reasons)


def planned_dates(client: ClientFacts, first: date, last: date) -> list[date]:
    """The plan's days from `first` to `last` (inclusive) while the plan ran, oldest first.

    A day counts from the later of the link and the plan's start, and not while paused.
    """
    if not client.plan_days or client.plan_since is None:
        return []
    start = max(first, client.plan_since, client.linked_on)
    days = []
    day = start
    while day <= last:
        if day.weekday() in client.plan_days and not _paused(client, day):
            days.append(day)
        day += timedelta(days=1)
    return days


def compliance(client: ClientFacts, first: date, last: date) -> Compliance | None:
    """Sessions done / planned from `first` to `last` inclusive; None if nothing was planned.

    Done is the number of distinct training days in the window, at most the planned count.
    """
    planned = len(planned_dates(client, first, last))
    if planned == 0:
        return None
    trained = sum(1 for d in client.session_dates if first <= d <= last)
    return Compliance(done=min(trained, planned), planned=planned)


def missed_two_in_a_row(client: ClientFacts, today: date) -> bool:
    """The last two planned days before `today` both passed with no training day since the
    earlier of them (training on another day in between counts as having trained)."""
    past = planned_dates(client, client.linked_on, today - timedelta(days=1))
    if len(past) < 2:
        return False
    earlier = past[-2]
    return not any(earlier <= d < today for d in client.session_dates)


def reasons_for(client: ClientFacts, now: datetime, today: date) -> tuple[Reason, ...]:
    """Every reason the client needs attention at `now` (aware) on the local date `today`,
    most urgent first."""
    found: list[Reason] = []
    if client.unseen_alert is not None:
        found.append(Reason.ALERT)
    if missed_two_in_a_row(client, today):
        found.append(Reason.MISSED_TWO)
    recent, earlier = _recent(client, today), _earlier(client, today)
    if recent is not None and recent.rate < LOW_COMPLIANCE:
        found.append(Reason.LOW_COMPLIANCE)
    elif (
        recent is not None
        and earlier is not None
        and (earlier.percent - recent.percent >= DROP_POINTS)
    ):
        found.append(Reason.COMPLIANCE_DROP)
    if client.screening_expires is None or client.screening_expires <= today:
        found.append(Reason.NO_SCREENING)
    elif client.screening_expires <= today + timedelta(days=SCREENING_WARNING_DAYS):
        found.append(Reason.SCREENING_EXPIRING)
    if client.last_activity is None or now - client.last_activity >= timedelta(days=QUIET_DAYS):
        found.append(Reason.QUIET)
    return tuple(found)


def roster(clients: Iterable[ClientFacts], now: datetime, today: date) -> list[RosterEntry]:
    """The coach's clients: those needing attention first (by their most urgent reason, then
    by name), then the others by name. Compliance windows end yesterday (today is not over)."""
    yesterday = today - timedelta(days=1)
    entries = [
        RosterEntry(
            client=client,
            reasons=reasons_for(client, now, today),
            last_7=compliance(client, today - timedelta(days=7), yesterday),
            last_30=compliance(client, today - timedelta(days=30), yesterday),
        )
        for client in clients
    ]
    return sorted(entries, key=_order)


def _order(entry: RosterEntry) -> tuple[int, str, int]:
    urgency = min(entry.reasons) if entry.reasons else len(Reason) + 1
    return (urgency, entry.client.name.casefold(), entry.client.link_id)


def _recent(client: ClientFacts, today: date) -> Compliance | None:
    return compliance(client, today - timedelta(days=RECENT_DAYS), today - timedelta(days=1))


def _earlier(client: ClientFacts, today: date) -> Compliance | None:
    end = today - timedelta(days=RECENT_DAYS + 1)
    return compliance(client, end - timedelta(days=EARLIER_DAYS - 1), end)


def _paused(client: ClientFacts, day: date) -> bool:
    return any(first <= day <= last for first, last in client.paused)
