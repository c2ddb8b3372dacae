"""The schedule understands what people type: days, time zones, and any step asked again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FakeClock
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.test_schedule_chat import plan_row, screened


async def at_zone_step(chat: ChatHarness, days: str = "Mon Wed Fri", at: str = "18:00") -> None:
    """Screened, days typed, a time tapped: the time zone question is open."""
    await screened(chat)
    await chat.send("/schedule")
    await chat.send(days)
    await chat.press(at)


async def at_confirm_step(chat: ChatHarness) -> None:
    """Mon, Wed, Fri at 18:00 in Berlin, waiting for Confirm or Change."""
    await at_zone_step(chat)
    await chat.send("Berlin")
    assert "All good?" in chat.last.text


BERLIN_PLAN = "Mon, Wed, Fri at 18:00 (Europe/Berlin)"

# --- time zones -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("GMT+5.30", "18:00 (UTC+05:30)"),
        ("UTC+5.5", "18:00 (UTC+05:30)"),
        ("+0530", "18:00 (UTC+05:30)"),
        ("UTC+5:45", "18:00 (UTC+05:45)"),
        ("Nepal", "18:00 (Asia/Kathmandu)"),
        ("Sri Lanka", "18:00 (Asia/Colombo)"),
    ],
)
async def test_offsets_and_countries_set_the_zone(
    chat: ChatHarness, typed: str, expected: str
) -> None:
    """Offsets written in several ways and countries with one clock go straight to the plan."""
    await at_zone_step(chat)
    await chat.send(typed)
    assert expected in chat.last.text
    assert "All good?" in chat.last.text


@pytest.mark.parametrize(("typed", "country"), [("USA", "United States"), ("Russia", "Russia")])
async def test_a_country_with_several_clocks_asks_for_the_city(
    chat: ChatHarness, typed: str, country: str
) -> None:
    """USA, Russia: "which city?" with the location button; the step stays open for the city."""
    await at_zone_step(chat)
    await chat.send(typed)
    assert f"{country} has more than one time zone" in chat.last.text
    assert chat.last.reply.ask_location
    await chat.send("Chicago" if typed == "USA" else "Novosibirsk")
    assert "(America/Chicago)" in chat.last.text or "(Asia/Novosibirsk)" in chat.last.text


async def test_a_local_time_between_two_offsets_offers_a_choice(
    chat: ChatHarness, clock: FakeClock, db: Database
) -> None:
    """ "11pm" at 23:34 UTC: UTC-01:00 or UTC+00:00, each with its clock; a tap sets it."""
    clock.set(datetime(2026, 11, 23, 23, 34, tzinfo=UTC))
    await at_zone_step(chat)
    await chat.send("11pm")
    assert "Which of these is your time right now?" in chat.last.text
    assert chat.last.labels == [
        "UTC-01:00 (your time now 22:34)",
        "UTC+00:00 (your time now 23:34)",
    ]
    await chat.press("UTC-01:00 (your time now 22:34)")
    assert "Mon, Wed, Fri at 18:00 (UTC-01:00)" in chat.last.text
    await chat.press("Confirm ✓")
    assert (await plan_row(db, chat.user_id))["tz"] == "UTC-01:00"


async def test_a_typed_hour_snaps_to_the_nearest_offset(
    chat: ChatHarness, clock: FakeClock
) -> None:
    """ "3" at 23:10 UTC is 03:10 the next day: UTC+04:00."""
    clock.set(datetime(2026, 11, 23, 23, 10, tzinfo=UTC))
    await at_zone_step(chat)
    await chat.send("3")
    assert "18:00 (UTC+04:00)" in chat.last.text


async def test_a_stale_offset_choice_does_nothing(chat: ChatHarness, clock: FakeClock) -> None:
    """A clock choice pressed after the zone was set: a notice, the plan unchanged."""
    clock.set(datetime(2026, 11, 23, 23, 34, tzinfo=UTC))
    await at_zone_step(chat)
    await chat.send("11pm")
    await chat.press("UTC+00:00 (your time now 23:34)")
    await chat.press("UTC-01:00 (your time now 22:34)")
    assert chat.last_notice == chat.content.texts("stale_button")
    assert "18:00 (UTC)" in chat.last.text


# --- typed days -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("Mon Wed Fri", "0,2,4"),
        ("mon,wed,fri", "0,2,4"),
        ("Tuesday and Thursday and Saturday", "1,3,5"),
        ("tue/thu/sat", "1,3,5"),
        ("Mo We Fr", "0,2,4"),
        ("mon tue thu fri", "0,1,3,4"),
    ],
)
async def test_typed_days_are_chosen_and_the_time_is_asked(
    chat: ChatHarness, db: Database, typed: str, days: str
) -> None:
    """Days typed at the day step: chosen, then on to the time as if Done was tapped."""
    await screened(chat)
    await chat.send("/schedule")
    await chat.send(typed)
    assert "What time should I remind you?" in chat.last.text
    await chat.press("07:00")
    await chat.send("Berlin")
    await chat.press("Confirm ✓")
    assert (await plan_row(db, chat.user_id))["days"] == days


@pytest.mark.parametrize(
    ("typed", "why", "chosen"),
    [
        ("Tuesday and Thursday", "at least 3", "Chosen: Tue, Thu"),
        ("weekdays", "at most 4", "Chosen: Mon, Tue, Wed, Thu, Fri"),
    ],
)
async def test_typed_days_of_the_wrong_count_get_the_friendly_refusal(
    chat: ChatHarness, typed: str, why: str, chosen: str
) -> None:
    """Two or five typed days: why 3-4, and the day picker again with those days ticked."""
    await screened(chat)
    await chat.send("/schedule")
    await chat.send(typed)
    assert why in chat.shown[-2].text
    assert chosen in chat.last.text
    assert "Which days" in chat.last.text


async def test_unreadable_days_ask_the_day_step_again_keeping_taps(chat: ChatHarness) -> None:
    """ "Mon and maybe Fri": a hint with examples; the days tapped so far stay ticked."""
    await screened(chat)
    await chat.send("/schedule")
    await chat.press("Mon")
    await chat.send("Mon and maybe Fri")
    assert "couldn't read those days" in chat.shown[-2].text
    assert "Chosen: Mon" in chat.last.text
    await chat.press("Wed")
    await chat.press("Fri")
    await chat.press("Done (3 days)")
    assert "What time" in chat.last.text


# --- short rest -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "run"),
    [("Mon Tue Wed", "Mon, Tue, Wed are 3"), ("Sat Sun Mon", "Sat, Sun, Mon are 3")],
)
async def test_three_days_in_a_row_get_a_rest_day_suggestion(
    chat: ChatHarness, typed: str, run: str
) -> None:
    """Three days in a row (the week wraps): the suggestion names the run; Keep goes on."""
    await screened(chat)
    await chat.send("/schedule")
    await chat.send(typed)
    assert run in chat.last.text
    await chat.press("Keep these days")
    assert "What time" in chat.last.text


@pytest.mark.parametrize("typed", ["Mon Tue Thu Fri", "Sat Sun Tue Thu", "Mon Wed Fri"])
async def test_pairs_with_rest_between_get_no_warning(chat: ChatHarness, typed: str) -> None:
    """Two days in a row followed by rest is fine: straight on to the time."""
    await screened(chat)
    await chat.send("/schedule")
    await chat.send(typed)
    assert "What time" in chat.last.text
    assert not any("in a row" in text for text in chat.texts())


# --- every step asked again -----------------------------------------------------------------


@pytest.mark.parametrize("typed", ["yes", "looks good", "Tue Thu Sat", "🙂"])
async def test_text_at_the_confirmation_keeps_the_whole_plan(
    chat: ChatHarness, db: Database, typed: str
) -> None:
    """Typed text at "All good?": the same plan asked again; Confirm saves days, time, zone."""
    await at_confirm_step(chat)
    await chat.send(typed)
    assert "Tap Confirm" in chat.shown[-2].text
    assert BERLIN_PLAN in chat.last.text
    assert chat.last.labels == ["Confirm ✓", "Change"]
    await chat.press("Confirm ✓")
    row = await plan_row(db, chat.user_id)
    assert (row["days"], row["at"], row["tz"]) == ("0,2,4", "18:00", "Europe/Berlin")


async def test_text_at_the_time_step_asks_for_the_time_again(chat: ChatHarness) -> None:
    """Nonsense at the time step: the hint with the time buttons; the days are kept."""
    await screened(chat)
    await chat.send("/schedule")
    await chat.send("Mon Wed Fri")
    await chat.send("whenever suits")
    assert "couldn't read that time" in chat.last.text
    assert "18:00" in chat.last.labels
    await chat.press("18:00")
    await chat.send("Berlin")
    assert BERLIN_PLAN in chat.last.text


async def test_text_at_the_zone_step_asks_for_the_zone_again(chat: ChatHarness) -> None:
    """Nonsense at the zone step: "couldn't place that" and the location button; all kept."""
    await at_zone_step(chat)
    await chat.send("Atlantis")
    assert "couldn't place" in chat.last.text
    assert chat.last.reply.ask_location
    await chat.send("Berlin")
    assert BERLIN_PLAN in chat.last.text


# --- Change changes one thing ---------------------------------------------------------------


async def test_change_offers_days_time_and_zone(chat: ChatHarness) -> None:
    """Change: which part, with the plan still in view."""
    await at_confirm_step(chat)
    await chat.press("Change")
    assert BERLIN_PLAN in chat.last.text
    assert chat.last.labels == ["Days", "Time", "Time zone"]


async def test_change_days_keeps_time_and_zone(chat: ChatHarness, db: Database) -> None:
    """Days: the day picker, then straight back to the confirmation at 18:00 Berlin."""
    await at_confirm_step(chat)
    await chat.press("Change")
    await chat.press("Days")
    assert "Chosen: Mon, Wed, Fri" in chat.last.text
    await chat.send("tue thu sat")
    assert "Tue, Thu, Sat at 18:00 (Europe/Berlin)" in chat.last.text
    await chat.press("Confirm ✓")
    assert (await plan_row(db, chat.user_id))["days"] == "1,3,5"


async def test_change_time_keeps_days_and_zone(chat: ChatHarness, db: Database) -> None:
    """Time: the time question, then back to the confirmation with the new time only."""
    await at_confirm_step(chat)
    await chat.press("Change")
    await chat.press("Time")
    await chat.send("6:30 pm")
    assert "Mon, Wed, Fri at 18:30 (Europe/Berlin)" in chat.last.text
    await chat.press("Confirm ✓")
    row = await plan_row(db, chat.user_id)
    assert (row["days"], row["at"], row["tz"]) == ("0,2,4", "18:30", "Europe/Berlin")


async def test_change_zone_keeps_days_and_time(chat: ChatHarness) -> None:
    """Time zone: the zone question, then back to the confirmation with days and time kept."""
    await at_confirm_step(chat)
    await chat.press("Change")
    await chat.press("Time zone")
    assert "Which time zone" in chat.shown[-1].text
    await chat.send("Tokyo")
    assert "Mon, Wed, Fri at 18:00 (Asia/Tokyo)" in chat.last.text


async def test_change_buttons_of_a_saved_plan_are_stale(chat: ChatHarness) -> None:
    """Days pressed after the plan was saved: the session-over notice."""
    await at_confirm_step(chat)
    await chat.press("Change")
    change_message = chat.last
    await chat.press("Time zone")
    await chat.send("Tokyo")
    await chat.press("Confirm ✓")
    await chat.press("Days", change_message)
    assert chat.last_notice == chat.content.texts("schedule.expired")


# --- /pause and /plan -----------------------------------------------------------------------


async def planned(chat: ChatHarness) -> None:
    """Mon, Wed, Fri at 18:00 in Berlin, saved (today is Monday 23 November 2026)."""
    await at_confirm_step(chat)
    await chat.press("Confirm ✓")


@pytest.mark.parametrize(
    ("args", "until", "words"),
    [
        ("tomorrow", "2026-11-24", "Tuesday 24 November"),
        ("Dec 24", "2026-12-24", "Thursday 24 December"),
        ("24 Dec", "2026-12-24", "Thursday 24 December"),
        ("for a week", "2026-11-30", "Monday 30 November"),
        ("for 3 days", "2026-11-26", "Thursday 26 November"),
        ("until Monday", "2026-11-30", "Monday 30 November"),
        ("next week", "2026-11-30", "Monday 30 November"),
        ("2026-12-24", "2026-12-24", "Thursday 24 December"),
    ],
)
async def test_pause_reads_plain_dates(
    chat: ChatHarness, db: Database, args: str, until: str, words: str
) -> None:
    """/pause with words or a date: paused until that day, stored; the date said in words."""
    await planned(chat)
    await chat.send(f"/pause {args}")
    assert chat.last.text == f"⏸ Reminders are paused until {words}."
    assert (await plan_row(db, chat.user_id))["paused_until"] == until


async def test_plan_says_the_pause_date_in_words(chat: ChatHarness) -> None:
    """/plan while paused: "paused until Thursday 24 December", not an ISO date."""
    await planned(chat)
    await chat.send("/pause Dec 24")
    await chat.send("/plan")
    assert "Reminders are paused until Thursday 24 December." in chat.last.text
    assert "2026-12-24" not in chat.last.text


@pytest.mark.parametrize(
    ("args", "refusal"),
    [
        ("someday", "plan.pause_when_unclear"),
        ("2026-13-45", "plan.pause_when_unclear"),
        ("today", "plan.pause_not_future"),
        ("2026-11-01", "plan.pause_not_future"),
        ("2028-01-01", "plan.pause_too_far"),
    ],
)
async def test_pause_refusals_say_why(
    chat: ChatHarness, db: Database, args: str, refusal: str
) -> None:
    """Unreadable, past or too far: a refusal worded by its reason; nothing paused."""
    await planned(chat)
    await chat.send(f"/pause {args}")
    assert chat.last.text == chat.content.texts(refusal)
    assert (await plan_row(db, chat.user_id))["paused_until"] is None


async def test_plan_shows_the_current_target(chat: ChatHarness, clock: FakeClock) -> None:
    """/plan names the next session's target: 3 x 10 to start, 3 x 12 after two easy ones."""
    await planned(chat)
    await chat.send("/plan")
    assert "Next session: 3 x 10 per leg" in chat.last.text
    for _ in range(2):
        await chat.send("3x10")
        clock.advance(timedelta(days=2))
    await chat.send("/plan")
    assert "Next session: 3 x 12 per leg" in chat.last.text
