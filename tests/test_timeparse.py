"""Reading the reminder time and time zone that users type."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.countries import NeedsCity, country_code, zone_for_country
from bot.coach.offsets import offsets_at
from bot.coach.plan import zone
from bot.coach.timeparse import (
    TzChoice,
    TzGuess,
    describe_timezone,
    guess_from_local_time,
    infer_timezone_from_local_time,
    load_aliases,
    load_country_aliases,
    parse_time,
    parse_timezone,
    read_timezone,
    timezone_from_location,
)

ALIAS_FILE = Path(__file__).resolve().parents[1] / "content" / "timezones.yaml"
ALIASES = load_aliases(ALIAS_FILE)
COUNTRY_ALIASES = load_country_aliases(ALIAS_FILE)
WINTER = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18:30", time(18, 30)),
        ("18.30", time(18, 30)),
        ("18h30", time(18, 30)),
        ("1830", time(18, 30)),
        ("0730", time(7, 30)),
        ("730", time(7, 30)),
        ("07:00", time(7)),
        ("7", time(7)),
        ("19", time(19)),
        ("0:05", time(0, 5)),
        ("7am", time(7)),
        ("7 am", time(7)),
        ("7:15am", time(7, 15)),
        ("6:30 pm", time(18, 30)),
        ("6:30PM", time(18, 30)),
        ("7 p.m.", time(19)),
        ("730pm", time(19, 30)),
        ("12am", time(0)),
        ("12:30 am", time(0, 30)),
        ("12pm", time(12)),
        ("noon", time(12)),
        ("Midnight", time(0)),
        ("  8:00  ", time(8)),
        ("23:59", time(23, 59)),
    ],
)
def test_parse_time_reads_common_ways_of_writing_a_time(text: str, expected: time) -> None:
    """24-hour, dotted, compact, am/pm and word forms are all understood."""
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "25:00",
        "24:00",
        "12:60",
        "13pm",
        "0am",
        "00pm",
        "7:5",
        "7.5",
        "18:30:00",
        "12345",
        "",
        "soon",
        "tomorrow at 7",
        "-7",
        "٧:٣٠",
        "7" * 100,
    ],
)
def test_parse_time_rejects_impossible_or_unclear_times(text: str) -> None:
    """Times that cannot exist, or are not a time, give None."""
    assert parse_time(text) is None


@given(st.text(max_size=30))
@settings(max_examples=300, deadline=None)
def test_parse_time_never_raises(text: str) -> None:
    """Any text gives a time or None, never an error."""
    result = parse_time(text)
    assert result is None or isinstance(result, time)


@pytest.mark.parametrize(
    ("text", "tz"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("AMERICA/NEW_YORK", "America/New_York"),
        ("Berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("Sao Paulo", "America/Sao_Paulo"),
        ("São Paulo", "America/Sao_Paulo"),
        ("kolkata", "Asia/Kolkata"),
        ("Melbourne", "Australia/Melbourne"),
        ("Munich", "Europe/Berlin"),
        ("Delhi", "Asia/Kolkata"),
        ("Mumbai", "Asia/Kolkata"),
        ("Bangalore", "Asia/Kolkata"),
        ("San Francisco", "America/Los_Angeles"),
        ("Boston", "America/New_York"),
        ("Washington", "America/New_York"),
        ("Beijing", "Asia/Shanghai"),
        ("Seattle", "America/Los_Angeles"),
        ("Miami", "America/New_York"),
        ("Dallas", "America/Chicago"),
        ("Milan", "Europe/Rome"),
        ("Barcelona", "Europe/Madrid"),
        ("Manchester", "Europe/London"),
        ("UK", "Europe/London"),
        ("India", "Asia/Kolkata"),
        ("Germany", "Europe/Berlin"),
        ("EST", "America/New_York"),
        ("pst", "America/Los_Angeles"),
        ("Samoa", "Pacific/Apia"),
        ("St. John's", "America/St_Johns"),
        ("I'm in Berlin", "Europe/Berlin"),
        ("Berlin, Germany", "Europe/Berlin"),
        ("UTC", "UTC"),
        ("GMT", "UTC"),
        ("UTC+2", "UTC+02:00"),
        ("utc+5:30", "UTC+05:30"),
        ("GMT-3", "UTC-03:00"),
        ("+02:00", "UTC+02:00"),
        ("-0330", "UTC-03:30"),
        ("UTC +14", "UTC+14:00"),
        ("UTC−12", "UTC-12:00"),
        ("Etc/GMT-2", "UTC+02:00"),
    ],
)
def test_parse_timezone_understands_names_aliases_and_offsets(text: str, tz: str) -> None:
    """IANA names in any case, city parts, aliases and offsets map to a plan time zone."""
    guess = parse_timezone(text, WINTER, ALIASES)
    assert guess is not None
    assert guess.tz == tz
    zone(guess.tz)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "garbage",
        "Atlantis",
        "UTC+15",
        "GMT-13",
        "+05:17",
        "2",
        "europe",
        "US",
        "Canada",
        "x" * 200,
    ],
)
def test_parse_timezone_rejects_unknown_places_and_offsets(text: str) -> None:
    """Unknown places, multi-zone countries and impossible offsets give None."""
    assert parse_timezone(text, WINTER, ALIASES) is None


@pytest.mark.parametrize(
    ("text", "now", "label"),
    [
        ("Berlin", WINTER, "Europe/Berlin (UTC+01:00 now)"),
        ("Berlin", SUMMER, "Europe/Berlin (UTC+02:00 now)"),
        ("new york", SUMMER, "America/New York (UTC-04:00 now)"),
        ("utc+5:30", SUMMER, "UTC+05:30"),
    ],
)
def test_parse_timezone_labels_show_the_offset_now(text: str, now: datetime, label: str) -> None:
    """The label names the zone and its current offset, so the user can confirm it."""
    guess = parse_timezone(text, now, ALIASES)
    assert guess is not None
    assert guess.label == label


def test_describe_timezone_labels_a_zone_found_elsewhere() -> None:
    """A zone from a shared location gets the same kind of label."""
    assert describe_timezone("Asia/Kolkata", SUMMER) == TzGuess(
        "Asia/Kolkata", "Asia/Kolkata (UTC+05:30 now)"
    )


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_parse_timezone_never_raises(text: str) -> None:
    """Any text gives a resolvable time zone or None, never an error."""
    guess = parse_timezone(text, WINTER, ALIASES)
    assert guess is None or zone(guess.tz) is not None


def test_alias_table_only_names_real_zones(tmp_path: Path) -> None:
    """Every alias points at a known zone; a typo in the file fails loudly at startup."""
    assert all(zone(tz) for tz in ALIASES.values())
    broken = tmp_path / "timezones.yaml"
    broken.write_text("Europe/Berlinn: [Munich]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown time zone"):
        load_aliases(broken)


@pytest.mark.parametrize(
    ("text", "now", "tz"),
    [
        ("it's 14:05", datetime(2026, 1, 15, 12, 4, tzinfo=UTC), "UTC+02:00"),
        ("14:05", datetime(2026, 1, 15, 12, 6, 30, tzinfo=UTC), "UTC+02:00"),
        ("2pm", datetime(2026, 1, 15, 13, 58, tzinfo=UTC), "UTC"),
        ("17:35", datetime(2026, 1, 15, 12, 4, tzinfo=UTC), "UTC+05:30"),
        ("It’s 8:45 here", datetime(2026, 1, 15, 3, 0, tzinfo=UTC), "UTC+05:45"),
        ("09:00", datetime(2026, 1, 15, 23, 0, tzinfo=UTC), "UTC+10:00"),  # tomorrow
        ("20:00", datetime(2026, 1, 16, 1, 0, tzinfo=UTC), "UTC-05:00"),  # yesterday
        ("23:30", datetime(2026, 1, 16, 0, 30, tzinfo=UTC), "UTC-01:00"),  # yesterday
        ("13:00", datetime(2026, 1, 15, 0, 0, tzinfo=UTC), "UTC+13:00"),  # not UTC-11
        ("14:00", datetime(2026, 1, 15, 0, 0, tzinfo=UTC), "UTC-10:00"),  # Hawaii, not UTC+14
        ("12:00", datetime(2026, 1, 15, 0, 0, tzinfo=UTC), "UTC+12:00"),  # not UTC-12
    ],
)
def test_infer_timezone_from_local_time(text: str, now: datetime, tz: str) -> None:
    """The offset comes from the local time, snapped to an offset in use, across the date line."""
    guess = infer_timezone_from_local_time(text, now)
    assert guess is not None
    assert guess.tz == tz
    zone(guess.tz)


@pytest.mark.parametrize("text", ["", "lunchtime", "25:00", "it's late"])
def test_infer_timezone_needs_a_readable_time(text: str) -> None:
    """Without a readable time there is nothing to infer."""
    assert infer_timezone_from_local_time(text, WINTER) is None


def test_a_naive_clock_is_a_caller_bug() -> None:
    """`now_utc` must be timezone-aware; the text itself never causes an error."""
    naive = WINTER.replace(tzinfo=None)
    with pytest.raises(ValueError, match="aware"):
        infer_timezone_from_local_time("14:00", naive)
    with pytest.raises(ValueError, match="aware"):
        parse_timezone("Berlin", naive, ALIASES)


def test_infer_timezone_label_shows_the_time_read() -> None:
    """The label repeats the time we read, so a 12-hour slip ("2:05" for 14:05) is caught."""
    guess = infer_timezone_from_local_time("2:05", datetime(2026, 1, 15, 12, 5, tzinfo=UTC))
    assert guess == TzGuess("UTC-10:00", "UTC-10:00 (your time now 02:05)")


@pytest.mark.parametrize(
    ("lat", "lon", "tz"),
    [
        (52.52, 13.405, "Europe/Berlin"),
        (40.7128, -74.006, "America/New_York"),
        (22.5726, 88.3639, "Asia/Kolkata"),
        (0.0, -150.0, "UTC-10:00"),  # open Pacific: nautical zone, as a fixed offset
        (-30.0, -20.0, "UTC-01:00"),  # open Atlantic
        (91.0, 0.0, None),
        (0.0, 181.0, None),
        (float("nan"), 0.0, None),
    ],
)
def test_timezone_from_location(lat: float, lon: float, tz: str | None) -> None:
    """A shared location gives its zone; open sea a fixed nautical offset; nonsense None."""
    assert timezone_from_location(lat, lon) == tz


# --- half and three-quarter hour offsets -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tz"),
    [
        ("GMT+5.30", "UTC+05:30"),
        ("UTC+5.5", "UTC+05:30"),
        ("+0530", "UTC+05:30"),
        ("UTC+5:45", "UTC+05:45"),
        ("GMT +5 30", "UTC+05:30"),
        ("UTC+05:45", "UTC+05:45"),
        ("utc 5:30", "UTC+05:30"),
        ("+5.75", "UTC+05:45"),
        ("GMT-3.5", "UTC-03:30"),
        ("UTC-09:30", "UTC-09:30"),
        ("UTC+12:45", "UTC+12:45"),
        ("UTC+8:45", "UTC+08:45"),
        ("gmt+4.5", "UTC+04:30"),
        ("UTC+6:30", "UTC+06:30"),
    ],
)
def test_half_and_quarter_hour_offsets_as_people_write_them(text: str, tz: str) -> None:
    """Offsets real places use, written with dots, decimals, spaces or compact digits."""
    guess = read_timezone(text, WINTER, ALIASES, COUNTRY_ALIASES)
    assert guess == TzGuess(tz, tz)
    assert parse_timezone(text, WINTER, ALIASES) == guess


@pytest.mark.parametrize(
    "text", ["UTC+5:15", "UTC+15", "GMT+5.25", "UTC-0:30", "UTC+3:45", "UTC+13:30"]
)
def test_offsets_no_place_uses_are_refused(text: str) -> None:
    """An offset nobody's clock shows is refused rather than turned into a plan."""
    assert read_timezone(text, WINTER, ALIASES, COUNTRY_ALIASES) is None


# --- a typed local time snaps to offsets in use ------------------------------------------------


def at(day: int, hour: int, minute: int) -> datetime:
    """A UTC instant in January 2026 (no daylight saving in the north)."""
    return datetime(2026, 1, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "now", "tzs"),
    [
        ("11pm", at(15, 23, 34), ("UTC-01:00", "UTC")),  # 26 vs 34 min: ask
        ("3", at(15, 23, 10), ("UTC+04:00",)),  # 10 vs 20 min; never UTC+03:45
        ("9pm", at(15, 12, 8), ("UTC+08:45", "UTC+09:00")),  # 7 vs 8 min: Eucla or Japan
        ("9pm", at(15, 12, 2), ("UTC+09:00",)),
        ("3pm", at(15, 9, 28), ("UTC+05:30",)),  # India: 2 vs 13 min
        ("17:44", at(15, 12, 7), ("UTC+05:30", "UTC+05:45")),  # India or Nepal, 7 vs 8 min
        ("17:36", at(15, 12, 4), ("UTC+05:30",)),
        ("21:01", at(15, 12, 16), ("UTC+08:45",)),  # to the minute: Eucla it is
        ("8am", at(15, 23, 2), ("UTC+09:00",)),  # east, already tomorrow
        ("5:32", at(15, 23, 47), ("UTC+05:45",)),  # Nepal, tomorrow
        ("9pm", at(16, 2, 3), ("UTC-05:00",)),  # west, still yesterday
        ("11pm", at(16, 2, 31), ("UTC-03:30",)),  # Newfoundland, yesterday
        ("23:58", at(16, 0, 29), ("UTC-01:00", "UTC")),  # no UTC-00:30: ask
        ("1:05", at(15, 23, 4), ("UTC+02:00",)),  # just past midnight, east
        ("it's 10:15 here", at(15, 14, 15), ("UTC-04:00",)),
    ],
)
def test_local_time_snaps_to_offsets_in_use(text: str, now: datetime, tzs: tuple[str, ...]) -> None:
    """The nearest real offset, or the two nearly-as-near ones to choose from."""
    guess = read_timezone(text, now, ALIASES, COUNTRY_ALIASES)
    options = guess.options if isinstance(guess, TzChoice) else (guess,)
    assert tuple(option.tz for option in options if option is not None) == tzs
    assert guess == guess_from_local_time(text, now)


def test_a_choice_labels_each_clock_now() -> None:
    """Each option shows that offset's time now, so the user picks the clock they see."""
    assert guess_from_local_time("11pm", at(15, 23, 34)) == TzChoice(
        (
            TzGuess("UTC-01:00", "UTC-01:00 (your time now 22:34)"),
            TzGuess("UTC", "UTC+00:00 (your time now 23:34)"),
        )
    )


def test_the_older_inference_takes_the_nearest_option() -> None:
    """`infer_timezone_from_local_time` cannot ask: it answers with the nearest offset."""
    guess = infer_timezone_from_local_time("11pm", at(15, 23, 34))
    assert guess == TzGuess("UTC-01:00", "UTC-01:00 (your time now 22:34)")


@given(
    st.datetimes(
        min_value=datetime(2020, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
        max_value=datetime(2035, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    st.times(),
)
@settings(max_examples=200, deadline=None)
def test_every_guess_is_an_offset_in_use(now: datetime, typed: time) -> None:
    """Whatever the time of day, the typed clock maps to offsets some place uses then."""
    guess = guess_from_local_time(typed.strftime("%H:%M"), now)
    options = guess.options if isinstance(guess, TzChoice) else (guess,)
    in_use = offsets_at(now)
    for option in options:
        assert option is not None
        assert zone(option.tz).utcoffset(None) in in_use


# --- countries --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tz"),
    [
        ("Nepal", "Asia/Kathmandu"),
        ("Sri Lanka", "Asia/Colombo"),
        ("India", "Asia/Kolkata"),
        ("Japan", "Asia/Tokyo"),  # not the legacy IANA link "Japan"
        ("Germany", "Europe/Berlin"),  # Europe/Busingen keeps the same clock
        ("France", "Europe/Paris"),
        ("Kenya", "Africa/Nairobi"),
        ("Peru", "America/Lima"),
        ("Kazakhstan", "Asia/Almaty"),  # one clock (UTC+05:00) since 2024
        ("Argentina", "America/Argentina/Buenos_Aires"),
        ("Deutschland", "Europe/Berlin"),
        ("España", "Europe/Madrid"),  # the alias table's main zone for "Spain"
        ("ES", "Europe/Madrid"),
        ("Chine", "Asia/Shanghai"),
        ("Czech Republic", "Europe/Prague"),
        ("Türkiye", "Europe/Istanbul"),
        ("Turkey", "Europe/Istanbul"),
        ("Britain", "Europe/London"),
        ("UK", "Europe/London"),
        ("the Netherlands", "Europe/Amsterdam"),
        ("Holland", "Europe/Amsterdam"),
        ("South Korea", "Asia/Seoul"),
        ("UAE", "Asia/Dubai"),
        ("Bosnia and Herzegovina", "Europe/Sarajevo"),
        ("Saint Lucia", "America/St_Lucia"),
        ("DE", "Europe/Berlin"),
        ("GBR", "Europe/London"),
        ("I'm in Nepal", "Asia/Kathmandu"),
        ("Pokhara, Nepal", "Asia/Kathmandu"),
    ],
)
def test_a_country_with_one_clock_is_its_zone(text: str, tz: str) -> None:
    """Country names from CLDR, in English and other languages, and capital ISO codes."""
    guess = read_timezone(text, WINTER, ALIASES, COUNTRY_ALIASES)
    assert isinstance(guess, TzGuess)
    assert guess.tz == tz
    assert parse_timezone(text, WINTER, ALIASES) == guess


@pytest.mark.parametrize(
    ("text", "code", "clocks"),
    [
        ("USA", "US", 8),
        ("US", "US", 8),
        ("usa", "US", 8),  # the alias file's other names
        ("America", "US", 8),
        ("United States", "US", 8),
        ("Springfield, USA", "US", 8),
        ("Russia", "RU", 11),
        ("Россия", "RU", 11),
        ("Brazil", "BR", 4),
        ("Brasil", "BR", 4),
        ("Australia", "AU", 7),
        ("Canada", "CA", 10),
        ("Mexico", "MX", 6),
        ("México", "MX", 6),
        ("Indonesia", "ID", 3),
        ("Mongolia", "MN", 2),
        ("DR Congo", "CD", 2),
    ],
)
def test_a_country_with_several_clocks_asks_for_the_city(text: str, code: str, clocks: int) -> None:
    """A distinct answer names the country and one zone per clock; the old API says None."""
    guess = read_timezone(text, WINTER, ALIASES, COUNTRY_ALIASES)
    assert isinstance(guess, NeedsCity)
    assert (guess.code, len(guess.zones)) == (code, clocks)
    assert all(zone(tz) for tz in guess.zones)
    assert parse_timezone(text, WINTER, ALIASES) is None


def test_georgia_asks_country_or_state() -> None:
    """Georgia is a country (Tbilisi) and a US state (Atlanta): ask rather than guess."""
    guess = read_timezone("Georgia", WINTER, ALIASES, COUNTRY_ALIASES)
    assert guess == NeedsCity("GE", "Georgia", ("Asia/Tbilisi", "America/New_York"))
    assert parse_timezone("Georgia", WINTER, ALIASES) is None
    tbilisi = read_timezone("Tbilisi", WINTER, ALIASES)
    atlanta = read_timezone("Atlanta, Georgia", WINTER, ALIASES)
    assert isinstance(tbilisi, TzGuess)
    assert tbilisi.tz == "Asia/Tbilisi"
    assert isinstance(atlanta, TzGuess)
    assert atlanta.tz == "America/New_York"


@pytest.mark.parametrize("text", ["no", "in", "it", "can", "me", "and", "per"])
def test_lower_case_words_are_not_country_codes(text: str) -> None:
    """Codes count only in capitals: "no" is not Norway, "can" not Canada."""
    assert read_timezone(text, WINTER, ALIASES, COUNTRY_ALIASES) is None
    assert country_code(text.upper()) is not None or text in ("me", "and", "per")


def test_alias_table_keeps_only_what_the_library_lacks() -> None:
    """A country name in the alias file must change the library's answer (a main zone for a
    country with several clocks), or it is a stale copy of library data."""
    for key, tz in ALIASES.items():
        library = zone_for_country(key, WINTER)
        assert library is None or library != tz, key


def test_country_aliases_name_real_countries(tmp_path: Path) -> None:
    """The countries section maps to ISO codes; a wrong code fails loudly at startup."""
    assert COUNTRY_ALIASES["usa"] == "US"
    broken = tmp_path / "timezones.yaml"
    broken.write_text("countries:\n  XX: [Nowhere]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="XX"):
        load_aliases(broken)
    with pytest.raises(ValueError, match="XX"):
        load_country_aliases(broken)
