"""Every user-visible message, by key, from content/messages.yaml; values HTML-escaped.

A message is a template (`"Logged for today: {sets}."`) or, where a number decides the wording,
a mapping of CLDR plural categories to templates::

    unit.session:
      one: "{count} session"
      other: "{count} sessions"

`Texts.plural(key, count)` picks the form for `count` by the language's plural rules (Babel's
CLDR data: English has "one" and "other"; Russian "one", "few", "many" and "other"), so no
message is ever written with a hand-made "(s)". Every plural message has an "other" form.
"""

from __future__ import annotations

import html
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from babel import Locale
from babel.dates import format_date

PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})
Template = str | Mapping[str, str]


class Html(str):
    """A fragment that is already HTML: `Texts` inserts it without escaping."""

    __slots__ = ()


class TextsError(ValueError):
    """A message that cannot be used: unknown placeholder syntax, a bad plural form."""


@dataclass(frozen=True)
class Texts:
    """The messages of one language (`locale`, a CLDR locale name such as "en")."""

    messages: Mapping[str, Template]
    locale: str = "en"

    def __post_init__(self) -> None:
        for key, template in self.messages.items():
            check_template(key, template)

    def __call__(self, key: str, /, **values: object) -> str:
        """The message `key` with `values` filled in (KeyError for an unknown key). A plural
        message takes its form from `values["count"]` (KeyError without it)."""
        template = self.messages[key]
        if not isinstance(template, str):
            count = values["count"]
            template = self._form(template, count)
            values = {**values, "count": _shown(count)}
        safe = {
            k: v if isinstance(v, Html) else html.escape(str(v), quote=False)
            for k, v in values.items()
        }
        return template.format_map(safe) if values else template

    def plural(self, key: str, count: float, /, **values: object) -> Html:
        """A plural message for `count` ("1 session", "3 sessions"), ready to insert."""
        if isinstance(self.messages[key], str):
            raise TextsError(f"{key}: not a plural message")
        return Html(self(key, count=count, **values))

    def date(self, day: date) -> str:
        """A date in words ("Thursday 24 December"), by the CLDR pattern `format.date` in
        the locale's names for days and months (Babel's format_date)."""
        pattern = self.messages["format.date"]
        assert isinstance(pattern, str), "format.date is a pattern, not a plural message"
        return format_date(day, pattern, locale=self.locale)

    def has(self, key: str) -> bool:
        """Whether `key` is a message."""
        return key in self.messages

    def _form(self, forms: Mapping[str, str], count: object) -> str:
        """The form of a plural message for `count`, by the locale's CLDR plural rules."""
        if not isinstance(count, int | float):
            raise TextsError(f"a plural message needs a number, not {count!r}")
        category = Locale.parse(self.locale).plural_form(count)
        return forms.get(category, forms["other"])


def _shown(count: object) -> str:
    """A count as people write it: 3, 2.5 (never 3.0)."""
    return f"{count:g}" if isinstance(count, float) else str(count)


def check_template(key: str, template: object) -> None:
    """Raise TextsError unless `template` is a valid message or plural message."""
    if isinstance(template, Mapping):
        forms = set(template)
        if "other" not in forms or not forms <= PLURAL_CATEGORIES:
            raise TextsError(
                f"at {key}: plural forms must be among {sorted(PLURAL_CATEGORIES)}"
                " and include 'other'"
            )
        for form, text in template.items():
            check_template(f"{key}.{form}", text)
        return
    if not isinstance(template, str):
        raise TextsError(f"at {key}: expected a text or a mapping of plural forms to texts")
    try:
        list(string.Formatter().parse(template))
    except ValueError as exc:
        raise TextsError(f"at {key}: {exc}") from None
