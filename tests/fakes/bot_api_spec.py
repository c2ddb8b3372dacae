"""Validation of Bot API calls against the project's copy of the Bot API spec.

`tests/data/bot_api_spec.json` lists, for every method and every type of the Bot API, its fields
with their types and whether they are required, each method's return types, each abstract type's
subtypes and each subtype's tag (`BotCommandScopeChat` is the one whose "type" is "chat"): the
parts of the full machine-readable spec the fake needs, and no prose. `compact` makes it from a
full spec (`scripts/refresh_bot_api_spec.py` runs it when a new Bot API version comes out).

`ApiSpec.validate` turns the raw parameters of one call into typed values, or
raises `ApiError` with a 400 like Telegram's: unknown parameter, missing required parameter,
wrong type, and the same checks recursively for every nested object (an unknown field inside an
InlineKeyboardButton is rejected too).

Form bodies (what python-telegram-bot sends) carry every value as a string: numbers and booleans
as their JSON text, objects and arrays JSON-encoded, strings raw. They are decoded by the type
the spec expects. JSON bodies are checked as they are, strictly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["SPEC_PATH", "ApiError", "ApiSpec", "FieldSpec", "Upload", "compact"]

SPEC_PATH = Path(__file__).resolve().parents[1] / "data" / "bot_api_spec.json"
_PRIMITIVES = {"Integer", "Float", "Boolean", "String", "True"}
_DISCRIMINATOR_RE = re.compile(r'(?:must be|always) "?([a-z_]+)"?\s*$')


class ApiError(Exception):
    """A failed call, answered as `{"ok": false, "error_code": ..., "description": ...}`."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram sends for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    """A 400 with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {detail}")


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart/form-data body."""

    name: str
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class FieldSpec:
    """One field of a method or a type."""

    name: str
    types: tuple[str, ...]
    required: bool


@cache
def _load_raw(path: Path) -> dict[str, Any]:
    """The parsed api.json, read once per process."""
    with path.open(encoding="utf-8") as handle:
        raw: dict[str, Any] = json.load(handle)
    return raw


class ApiSpec:
    """Methods and types of the Bot API, with a strict validator."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        """From the compact form (see `compact`)."""
        self.version = str(raw["version"])
        self.methods = {name: _fields(m) for name, m in raw["methods"].items()}
        self.returns = {name: tuple(m["returns"]) for name, m in raw["methods"].items()}
        self.types = {name: _fields(t) for name, t in raw["types"].items() if "fields" in t}
        self.subtypes = {
            name: tuple(t["subtypes"]) for name, t in raw["types"].items() if "subtypes" in t
        }
        self.discriminators = {
            name: (t["tag"][0], t["tag"][1]) for name, t in raw["types"].items() if "tag" in t
        }
        self._by_lower = {name.lower(): name for name in self.methods}

    @classmethod
    def load(cls, path: Path = SPEC_PATH) -> ApiSpec:
        """Read the compact spec from `path` (the project's copy by default)."""
        return cls(_load_raw(path.resolve()))

    def check_object(self, value: Any, type_name: str) -> dict[str, Any]:
        """An object the fake sends (a Message, an Update, a ForumTopic) checked against its
        type, field by field, as calls are: ApiError when it is not one."""
        return _Checker(self, {}).check(value, type_name, type_name)

    def method_name(self, name: str) -> str | None:
        """The canonical name of a method (Telegram ignores case), or None if unknown."""
        return self._by_lower.get(name.lower())

    def validate(
        self,
        method: str,
        params: Mapping[str, Any],
        uploads: Mapping[str, Upload],
        *,
        from_form: bool,
    ) -> dict[str, Any]:
        """Typed parameters of a call to `method`; ApiError(400) for anything Telegram rejects."""
        checker = _Checker(self, uploads)
        fields = self.methods[method]
        for name in params:
            if name not in fields:
                raise bad_request(f'unknown parameter "{name}" for method {method}')
        result: dict[str, Any] = {}
        for name, spec in fields.items():
            if name not in params:
                if spec.required:
                    raise bad_request(_missing_message(method, name))
                continue
            raw = params[name]
            result[name] = checker.top_level(raw, spec.types, name, from_form=from_form)
        return result


def _missing_message(method: str, name: str) -> str:
    """Telegram's wording for a missing required parameter where it is well known."""
    if name == "text":
        return "message text is empty"
    if name == "chat_id":
        return "chat_id is empty"
    return f'parameter "{name}" is required for method {method}'


def _fields(entry: Mapping[str, Any]) -> dict[str, FieldSpec]:
    """FieldSpecs of one method or type, by name, from compact `[name, types, required]` rows."""
    return {
        name: FieldSpec(name, tuple(types), bool(required))
        for name, types, required in entry.get("fields", ())
    }


def compact(full: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of a full machine-readable Bot API spec that the fake uses, without prose.

    `full` has the shape of the published api.json: `version`, and `methods` and `types` by
    name, each with `fields` (`name`, `types`, `required`, `description`), methods with
    `returns`, abstract types with `subtypes`. The result keeps, per method, `returns` and
    `fields` as `[name, types, required]` rows; per type, `fields`, `subtypes` and the `tag`
    read from the description of its `type`/`source`/`status` field ("must be chat").
    """

    def rows(entry: Mapping[str, Any]) -> list[list[Any]]:
        return [[f["name"], list(f["types"]), bool(f["required"])] for f in entry["fields"]]

    methods = {
        name: {"returns": list(m.get("returns", ())), "fields": rows(m) if "fields" in m else []}
        for name, m in sorted(full["methods"].items())
    }
    types: dict[str, dict[str, Any]] = {}
    for name, entry in sorted(full["types"].items()):
        kept: dict[str, Any] = {}
        if "fields" in entry:
            kept["fields"] = rows(entry)
        if "subtypes" in entry:
            kept["subtypes"] = list(entry["subtypes"])
        tag = _tag(entry)
        if tag is not None:
            kept["tag"] = list(tag)
        types[name] = kept
    return {"version": full["version"], "methods": methods, "types": types}


def _tag(entry: Mapping[str, Any]) -> tuple[str, str] | None:
    """A subtype's tag field and value: BotCommandScopeChat -> ("type", "chat"), else None."""
    for field in entry.get("fields", ()):
        if field["name"] not in ("type", "source", "status"):
            continue
        match = _DISCRIMINATOR_RE.search(field["description"])
        return (field["name"], match.group(1)) if match else None
    return None


def _describe(types: tuple[str, ...]) -> str:
    """`Integer or String`, as the docs write it."""
    return " or ".join(types)


class _Checker:
    """Checks values against type expressions, recursively."""

    def __init__(self, spec: ApiSpec, uploads: Mapping[str, Upload]) -> None:
        self.spec = spec
        self.uploads = uploads

    def top_level(self, raw: Any, types: tuple[str, ...], path: str, *, from_form: bool) -> Any:
        """A parameter of the call: decoded from its form text if needed, then checked."""
        first_error: ApiError | None = None
        for type_expr in types:
            try:
                value = _decode_form(raw, type_expr) if from_form else raw
                return self.check(value, type_expr, path)
            except ApiError as error:
                first_error = first_error or error
        assert first_error is not None
        if len(types) > 1 and "must be of type" in first_error.description:
            raise bad_request(f'field "{path}" must be of type {_describe(types)}')
        raise first_error

    def check(self, value: Any, type_expr: str, path: str) -> Any:
        """`value` if it is of `type_expr`, else ApiError(400)."""
        if type_expr.startswith("Array of "):
            return self.check_array(value, type_expr.removeprefix("Array of "), path)
        if type_expr in _PRIMITIVES:
            return _check_primitive(value, type_expr, path)
        if type_expr == "InputFile":
            return self.check_input_file(value, path)
        if type_expr in self.spec.subtypes:
            return self.check_abstract(value, type_expr, path)
        return self.check_object(value, type_expr, path)

    def check_alternatives(self, value: Any, types: tuple[str, ...], path: str) -> Any:
        """A nested field with one or more allowed types."""
        first_error: ApiError | None = None
        for type_expr in types:
            try:
                return self.check(value, type_expr, path)
            except ApiError as error:
                first_error = first_error or error
        assert first_error is not None
        if len(types) > 1 and "must be of type" in first_error.description:
            raise bad_request(f'field "{path}" must be of type {_describe(types)}')
        raise first_error

    def check_array(self, value: Any, item_type: str, path: str) -> list[Any]:
        """A JSON array whose items are all `item_type`."""
        if not isinstance(value, list):
            raise bad_request(f'field "{path}" must be of type Array of {item_type}')
        return [self.check(item, item_type, f"{path}[{i}]") for i, item in enumerate(value)]

    def check_input_file(self, value: Any, path: str) -> Any:
        """An uploaded part, or `attach://name` naming one."""
        if isinstance(value, Upload):
            return value
        if isinstance(value, str) and value.startswith("attach://"):
            if value.removeprefix("attach://") not in self.uploads:
                raise bad_request(f'field "{path}": no file part named by {value}')
            return value
        raise bad_request(f'field "{path}" must be of type InputFile')

    def check_abstract(self, value: Any, type_name: str, path: str) -> Any:
        """One of the subtypes of an abstract type such as BotCommandScope or InputMedia."""
        subtypes = self.spec.subtypes[type_name]
        if isinstance(value, dict):
            tagged = self.tagged_subtype(value, subtypes)
            if tagged is not None:
                return self.check(value, tagged, path)
        errors: list[ApiError] = []
        for subtype in subtypes:
            try:
                return self.check(value, subtype, path)
            except ApiError as error:
                errors.append(error)
        if not isinstance(value, dict):
            raise bad_request(f'field "{path}" must be of type {type_name}')
        raise bad_request(f'field "{path}" matches no kind of {type_name}: {errors[0].description}')

    def tagged_subtype(self, value: Mapping[str, Any], subtypes: tuple[str, ...]) -> str | None:
        """The subtype whose tag (`type`, `source` or `status`) the value carries, if any."""
        for subtype in subtypes:
            tag = self.spec.discriminators.get(subtype)
            if tag is not None and value.get(tag[0]) == tag[1]:
                return subtype
        return None

    def check_object(self, value: Any, type_name: str, path: str) -> dict[str, Any]:
        """A JSON object with exactly the fields its type allows."""
        fields = self.spec.types.get(type_name)
        if fields is None:
            raise bad_request(f'field "{path}": type {type_name} is not in the spec')
        if not isinstance(value, dict):
            raise bad_request(f'field "{path}" must be of type {type_name}')
        for name in value:
            if name not in fields:
                raise bad_request(f'unknown field "{name}" in {type_name} at "{path}"')
        tag = self.spec.discriminators.get(type_name)
        if tag is not None and value.get(tag[0]) != tag[1]:
            raise bad_request(f'field "{path}.{tag[0]}" must be "{tag[1]}" for {type_name}')
        result: dict[str, Any] = {}
        for name, spec in fields.items():
            if name in value:
                result[name] = self.check_alternatives(value[name], spec.types, f"{path}.{name}")
            elif spec.required:
                raise bad_request(f'field "{name}" is required in {type_name} at "{path}"')
        return result


def _check_primitive(value: Any, type_name: str, path: str) -> Any:
    """Integer, Float, Boolean, String (and the literal True of some fields)."""
    ok = {
        "Integer": isinstance(value, int) and not isinstance(value, bool),
        "Float": isinstance(value, int | float) and not isinstance(value, bool),
        "Boolean": isinstance(value, bool),
        "True": value is True,
        "String": isinstance(value, str),
    }[type_name]
    if not ok:
        raise bad_request(f'field "{path}" must be of type {type_name}')
    return value


_INT_RE = re.compile(r"-?[0-9]+")
_FLOAT_RE = re.compile(r"-?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?")


def _decode_form(raw: Any, type_expr: str) -> Any:
    """A form value (always text, or an uploaded part) read as `type_expr` would be written."""
    if not isinstance(raw, str):
        return raw
    if type_expr in ("String", "InputFile"):
        return raw
    if type_expr == "Integer":
        return int(raw) if _INT_RE.fullmatch(raw) else raw
    if type_expr == "Float":
        return float(raw) if _FLOAT_RE.fullmatch(raw) else raw
    if type_expr in ("Boolean", "True"):
        lowered = raw.lower()
        return {"true": True, "false": False}.get(lowered, raw)
    try:
        return json.loads(raw)
    except ValueError:
        raise bad_request(f"can't parse JSON object: {raw[:60]!r}") from None
