"""The alias table of time zone names: content/timezones.yaml, read once at startup.

The file maps IANA zones to other names people type for them (cities, abbreviations, the main
zone of some countries) and, under `countries`, ISO 3166 codes to other names of countries
whose clocks differ. Names are matched in `bot.coach.countries.name_key` form.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.coach.countries import country_code, name_key
from bot.coach.plan import zone

_COUNTRIES = "countries"  # the file's section of other names for countries


def load_aliases(path: Path | str) -> dict[str, str]:
    """Read the alias table: matching key -> IANA zone. ValueError for a bad file or zone.

    The file maps zones to names; its `countries` section (see `load_country_aliases`) is
    checked here too but not part of the result.
    """
    raw = _alias_file(path)
    load_country_aliases(path)
    aliases: dict[str, str] = {}
    for tz, names in raw.items():
        if tz == _COUNTRIES:
            continue
        if not isinstance(tz, str) or not isinstance(names, list):
            raise ValueError(f"{path}: {tz!r} must map to a list of names")
        zone(tz)
        for name in names:
            key = name_key(str(name))
            if key in aliases:
                raise ValueError(f"{path}: {name!r} is listed twice")
            aliases[key] = tz
    return aliases


def load_country_aliases(path: Path | str) -> dict[str, str]:
    """Read the alias file's `countries` section: matching key -> ISO 3166 alpha-2 code.

    Other names for countries that CLDR does not give ("America", "USA" in lower case).
    ValueError for a bad section or a code that is no country with zones.
    """
    section = _alias_file(path).get(_COUNTRIES, {})
    if not isinstance(section, dict):
        raise ValueError(f"{path}: {_COUNTRIES} must map country codes to lists of names")
    aliases: dict[str, str] = {}
    for code, names in section.items():
        if not isinstance(code, str) or country_code(code) != code or not isinstance(names, list):
            raise ValueError(f"{path}: {_COUNTRIES}: {code!r} must be a country code with names")
        for name in names:
            key = name_key(str(name))
            if key in aliases:
                raise ValueError(f"{path}: {name!r} is listed twice")
            aliases[key] = code
    return aliases


def _alias_file(path: Path | str) -> dict[object, object]:
    raw: object = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a mapping of time zone -> list of names")
    return raw
