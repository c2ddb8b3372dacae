"""Countries typed as a time zone: names and codes from CLDR, zones from tzdata's zone.tab."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coach.countries import (
    NeedsCity,
    country_code,
    country_name,
    distinct_zones,
    name_key,
    zone_for_country,
    zones_by_country,
)
from bot.coach.plan import zone

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Nepal", "NP"),
        ("nepal", "NP"),
        ("  Sri   Lanka ", "LK"),
        ("the Netherlands", "NL"),
        ("Czech Republic", "CZ"),  # tzdata's iso3166.tab
        ("Czechia", "CZ"),  # CLDR
        ("Côte d’Ivoire", "CI"),
        ("cote divoire", "CI"),
        ("St. Lucia", "LC"),
        ("Saint Lucia", "LC"),
        ("Trinidad and Tobago", "TT"),
        ("Myanmar", "MM"),
        ("Deutschland", "DE"),
        ("Allemagne", "DE"),
        ("Niemcy", "DE"),
        ("Estados Unidos", "US"),
        ("Россия", "RU"),
        ("Україна", "UA"),
        ("DE", "DE"),
        ("USA", "US"),
        ("NPL", "NP"),
    ],
)
def test_country_code_reads_names_in_several_languages_and_codes(text: str, code: str) -> None:
    """English and other-language CLDR names, iso3166.tab names and capital ISO codes."""
    assert country_code(text) == code


@pytest.mark.parametrize(
    "text", ["de", "usa", "no", "Congo", "Korea", "Europe", "World", "XX", "ZZZ", "", "Berlin"]
)
def test_country_code_refuses_words_shared_names_and_regions(text: str) -> None:
    """Lower-case codes, names two countries share, and regions are not countries."""
    assert country_code(text) is None


def test_country_aliases_add_names() -> None:
    """Other names come in as matching key -> code."""
    assert country_code("America", {"america": "US"}) == "US"
    assert country_code("the States", {"states": "US"}) == "US"


def test_zones_that_keep_the_same_clock_count_once() -> None:
    """Busingen follows Berlin; all of Kazakhstan is on one clock; the US has eight."""
    assert distinct_zones("DE", 2026) == ("Europe/Berlin",)
    assert distinct_zones("KZ", 2026) == ("Asia/Almaty",)
    assert distinct_zones("AR", 2026) == ("America/Argentina/Buenos_Aires",)
    assert distinct_zones("US", 2026) == (
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "America/Adak",
        "Pacific/Honolulu",
    )


def test_every_country_is_a_zone_of_its_own_or_a_city_question() -> None:
    """Across all of zone.tab: one clock gives one of the country's zones, else a question."""
    for code, zones in zones_by_country().items():
        found = zone_for_country(code, NOW)
        if isinstance(found, NeedsCity):
            assert found.code == code
            assert len(found.zones) >= 2
            assert set(found.zones) <= set(zones)
        else:
            assert found in zones
            zone(found)


def test_georgia_is_also_a_state() -> None:
    """The country name that is also a US state asks, offering both; its code does not."""
    assert zone_for_country("Georgia", NOW) == NeedsCity(
        "GE", "Georgia", ("Asia/Tbilisi", "America/New_York")
    )
    assert zone_for_country("GE", NOW) == "Asia/Tbilisi"
    assert zone_for_country("Sakartvelo", NOW) is None  # not a CLDR name in our languages


def test_country_name_is_english() -> None:
    """The name for the question "which city in ...?"."""
    assert country_name("US") == "United States"
    assert country_name("QQ") == "QQ"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("São Paulo", "sao paulo"),
        ("St. John's", "st johns"),
        ("Saint John's", "st johns"),
        ("Bosnia & Herzegovina", "bosnia and herzegovina"),
        ("Guinea-Bissau", "guinea bissau"),
        ("New_York", "new york"),
    ],
)
def test_name_key(text: str, key: str) -> None:
    """Names match without accents, case, dots, quotes; "&" is "and", "Saint" is "St"."""
    assert name_key(text) == key


@given(st.text(max_size=30))
@settings(max_examples=300, deadline=None)
def test_zone_for_country_never_raises(text: str) -> None:
    """Any text gives a zone, a question or None."""
    found = zone_for_country(text, NOW)
    assert found is None or isinstance(found, NeedsCity) or zone(found) is not None
