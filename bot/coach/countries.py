"""Countries typed as a time zone: the country's one zone, or a question for the city.

Pure lookups over library data, never raising on user input:

* Names: CLDR's territory names through Babel, in English first, then in a few other languages
  ("Deutschland", "España", "Россия"), and tzdata's iso3166.tab names ("Britain", "Myanmar").
  A name that means different countries in different sources is dropped, unless English says.
* Codes: ISO 3166 alpha-2 ("US", "DE") and alpha-3 ("USA", "DEU", from CLDR's territory
  aliases), read only when typed in capitals, so that "no", "in" or "can" stay words.
* Zones: tzdata's zone.tab, one row per country and zone, most populous zones first.
  (zone1970.tab merges countries that share a zone: it files Denmark under Europe/Berlin.)

A country's zones count as one when their clocks agree all this year and next (Germany's
Europe/Busingen follows Europe/Berlin; all of Kazakhstan has been on UTC+05:00 since 2024).
Such a country is its first zone; a country with clocks that differ is a `NeedsCity`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.core import get_global

# Languages whose country names are read besides English: the most spoken ones that write
# country names in a way a user of an English-language bot might type them.
OTHER_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl", "tr", "ru", "uk")

# Names that are a country and also a well-known place elsewhere: the city question offers both.
# Georgia (Asia/Tbilisi) is also the US state around Atlanta.
_ALSO_ELSEWHERE = {"georgia": ("America/New_York",)}

_SAMPLES_PER_DAY = 4  # clock comparisons every 6 hours over two years


@dataclass(frozen=True, slots=True)
class NeedsCity:
    """A country whose clocks differ from place to place: ask which city the user is in.

    `code` is the ISO 3166 alpha-2 code, `name` the English name ("United States") and `zones`
    one IANA zone per distinct clock, most populous first, for buttons or examples.
    """

    code: str
    name: str
    zones: tuple[str, ...]


def name_key(text: str) -> str:
    """Matching form of a name: no accents or case, "_", "-" as spaces, "&" as "and", no dots
    or quotes, "saint" as "st"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    plain = re.sub(r"[.'’]", "", plain.replace("_", " ").replace("-", " ").replace("&", " and "))
    return re.sub(r"\bsaint\b", "st", " ".join(plain.split()))


def country_code(text: str, aliases: Mapping[str, str] | None = None) -> str | None:
    """The ISO code of a country name or code ("Nepal", "the Netherlands", "USA"), or None.

    `aliases` adds other names: matching key (`name_key`) -> ISO alpha-2 code.
    """
    raw = text.strip()
    if re.fullmatch(r"[A-Z]{2}", raw) and raw in zones_by_country():
        return raw
    if re.fullmatch(r"[A-Z]{3}", raw):
        return _alpha3().get(raw)
    key = name_key(raw)
    for candidate in (key, key.removeprefix("the ")):
        code = (aliases or {}).get(candidate) or _names().get(candidate)
        if code:
            return code
    return None


def country_name(code: str) -> str:
    """The English name of a country ("United States"); the code itself if CLDR has none."""
    return str(Locale("en").territories.get(code, code))


def zone_for_country(
    text: str, now_utc: datetime, aliases: Mapping[str, str] | None = None
) -> str | NeedsCity | None:
    """The zone a typed country means, a `NeedsCity` question, or None if it is no country.

    `now_utc` (aware) picks the years whose clocks are compared: its year and the next.
    `aliases` as for `country_code`.
    """
    code = country_code(text, aliases)
    if code is None:
        return None
    zones = distinct_zones(code, now_utc.year)
    elsewhere = _ALSO_ELSEWHERE.get(name_key(text).removeprefix("the "), ())
    if len(zones) == 1 and not elsewhere:
        return zones[0]
    return NeedsCity(code, country_name(code), zones + elsewhere)


@functools.cache
def distinct_zones(code: str, year: int) -> tuple[str, ...]:
    """One zone per distinct clock in a country during `year` and the next, zone.tab order."""
    start = datetime(year, 1, 1, tzinfo=UTC)
    step = timedelta(hours=24 // _SAMPLES_PER_DAY)
    instants = [start + step * i for i in range(2 * 366 * _SAMPLES_PER_DAY)]
    seen: dict[tuple[timedelta | None, ...], str] = {}
    for name in zones_by_country().get(code, ()):
        try:
            tz = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue  # a zone.tab newer than the zoneinfo database in use
        clock = tuple(instant.astimezone(tz).utcoffset() for instant in instants)
        seen.setdefault(clock, name)
    return tuple(seen.values())


@functools.cache
def zones_by_country() -> Mapping[str, tuple[str, ...]]:
    """ISO code -> IANA zones, from tzdata's zone.tab in file order."""
    table: dict[str, list[str]] = {}
    for fields in _tab_rows("zone.tab"):
        table.setdefault(fields[0], []).append(fields[2])
    return MappingProxyType({code: tuple(zones) for code, zones in table.items()})


@functools.cache
def _names() -> dict[str, str]:
    """Name key -> ISO code, from English CLDR names, iso3166.tab, then other languages."""
    known = zones_by_country()
    english = _territories("en")
    tiers = [
        english,
        {code: name for code, name, *_ in _tab_rows("iso3166.tab")},
        *(_territories(language) for language in OTHER_LANGUAGES),
    ]
    index: dict[str, str | None] = {}  # None: a name two countries share means neither
    for tier in tiers:
        found: dict[str, set[str]] = {}
        for code, name in tier.items():
            if code in known:
                for key in _name_forms(name):
                    found.setdefault(key, set()).add(code)
        for key, codes in found.items():
            index.setdefault(key, codes.pop() if len(codes) == 1 else None)
    return {key: code for key, code in index.items() if code is not None}


@functools.cache
def _alpha3() -> dict[str, str]:
    """ISO 3166 alpha-3 code -> alpha-2 code, for countries with zones."""
    aliases: Mapping[str, list[str]] = get_global("territory_aliases")
    known = zones_by_country()
    return {
        alpha3: codes[0]
        for alpha3, codes in aliases.items()
        if re.fullmatch(r"[A-Z]{3}", alpha3) and len(codes) == 1 and codes[0] in known
    }


def _territories(language: str) -> dict[str, str]:
    try:
        return dict(Locale(language).territories)
    except UnknownLocaleError:  # pragma: no cover - every listed language is in CLDR
        return {}


def _name_forms(name: str) -> Iterable[str]:
    """Keys for a name: itself, and without a trailing qualifier ("Myanmar (Burma)" -> also
    "Myanmar"; "Congo - Kinshasa" -> also "Congo", which two countries share, so neither)."""
    yield name_key(name)
    short = re.fullmatch(r"(.+?)(?:\s*\(.+\)| - .+)", name)
    if short:
        yield name_key(short[1])


def _tab_rows(filename: str) -> list[list[str]]:
    """The data rows of a tzdata table, split on tabs."""
    text = resources.files("tzdata").joinpath("zoneinfo", filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
