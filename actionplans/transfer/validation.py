"""Check an export file as a whole before anything is written.

A schema in all but name, derived from ``spec``: the envelope, the format
version, the checksum, each record's exact set of keys, the JSON type and the
Django validation of each value, every reference, and the shape of the JSON
fields the pages read. Every problem found is listed, not just the first.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from actionplans.selectors.snapshots import SNAPSHOT_ACTION_FIELDS
from regions.models import Municipality
from regions.models import Region

from .exporter import checksum
from .spec import FORMAT
from .spec import FORMAT_VERSION
from .spec import SECTIONS
from .spec import Section

ENVELOPE = {
    "format",
    "format_version",
    "exported_at",
    "with_contacts",
    "checksum",
    "data",
}
MAX_REASONS = 50


class TransferRefused(Exception):
    """The file is refused as a whole; ``reasons`` says why."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass
class Checked:
    """A valid file: Python values per section, keyed by the file's ids."""

    with_contacts: bool
    records: dict[str, list[dict[str, Any]]]
    regions: dict[str, int] = dc_field(default_factory=dict)
    municipalities: dict[str, int] = dc_field(default_factory=dict)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _choices_ok(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in item.items())
        for item in value
    )


# The JSON fields read by pages and the PDF, and the shape they need.
JSON_SHAPES = {
    ("trajectory", "targets"): lambda v: (
        isinstance(v, dict)
        and all(isinstance(k, str) and _is_int(n) for k, n in v.items())
    ),
    ("themes", "roles"): _is_str_list,
    ("questions", "roles"): _is_str_list,
    ("questions", "choices"): _choices_ok,
    ("responses", "other_roles"): _is_str_list,
    ("responses", "care_types"): _is_str_list,
}


def _json_type_ok(field: models.Field, value: Any) -> bool:
    if value is None:
        return field.null
    if isinstance(field, models.BooleanField):
        return isinstance(value, bool)
    if isinstance(field, models.IntegerField):
        return _is_int(value)
    if isinstance(field, models.DateField | models.TimeField):
        return isinstance(value, str)
    if isinstance(field, models.JSONField):
        return True
    if isinstance(field, models.CharField | models.TextField):
        return isinstance(value, str)
    return False


class _Checker:
    def __init__(self, raw: dict):
        self.raw = raw
        self.reasons: list[str] = []
        self.with_contacts = bool(raw.get("with_contacts"))
        self.ids: dict[str, set[int]] = {}
        self.records: dict[str, list[dict[str, Any]]] = {}
        self.regions = dict(Region.objects.values_list("code", "pk"))
        self.municipalities = dict(Municipality.objects.values_list("code", "pk"))

    def fail(self, where: str, message: str) -> None:
        self.reasons.append(f"{where}: {message}")

    # One value ---------------------------------------------------------------

    def value(self, where: str, model_field: models.Field, value: Any) -> Any:
        if not _json_type_ok(model_field, value):
            self.fail(where, f"wrong type {type(value).__name__}")
            return None
        if value is None:
            return None
        try:
            parsed = model_field.to_python(value)
            model_field.validate(parsed, None)  # type: ignore[arg-type]
            model_field.run_validators(parsed)
        except ValidationError as error:
            self.fail(where, " ".join(str(m) for m in error.messages))
            return None
        except (TypeError, ValueError, OverflowError) as error:
            self.fail(where, str(error))
            return None
        if isinstance(parsed, dt.datetime) and timezone.is_naive(parsed):
            self.fail(where, "a date and time without a time zone")
            return None
        return parsed

    def ref(self, where: str, target: str, value: Any, *, null: bool) -> Any:
        if value is None and null:
            return None
        if not _is_int(value):
            self.fail(where, "a reference must be a record id")
            return None
        if value not in self.ids.get(target, set()):
            self.fail(where, f"refers to {target} {value}, which is not in the file")
            return None
        return value

    def code(self, where: str, kind: str, value: Any, *, null: bool) -> Any:
        if value is None and null:
            return None
        known = self.regions if kind == "region" else self.municipalities
        if not isinstance(value, str) or value not in known:
            self.fail(where, f"unknown {kind} code {value!r} (run load_regions?)")
            return None
        return known[value]

    def email(self, where: str, value: Any, *, null: bool) -> Any:
        if (value is None and null) or isinstance(value, str):
            return value
        self.fail(where, "an account is written as an e-mail address")
        return None

    # One record --------------------------------------------------------------

    def expected_keys(self, section: Section) -> set[str]:
        keys = {"id", *section.plain, *section.refs, *section.codes}
        keys |= {*section.timestamps, *section.special}
        if self.with_contacts:
            keys |= {*section.contacts, *section.users}
        return keys

    def record(self, section: Section, index: int, raw: Any) -> dict | None:
        where = f"{section.name}[{index}]"
        if not isinstance(raw, dict):
            self.fail(where, "a record must be an object")
            return None
        expected = self.expected_keys(section)
        unknown = sorted(set(raw) - expected)
        missing = sorted(expected - set(raw))
        if unknown:
            self.fail(where, "unknown fields " + ", ".join(unknown))
        if missing:
            self.fail(where, "missing fields " + ", ".join(missing))
        if unknown or missing:
            return None
        meta = section.model._meta
        parsed: dict[str, Any] = {"id": raw["id"]}
        for name in (*section.plain, *section.timestamps):
            model_field = meta.get_field(name)
            parsed[name] = self.value(f"{where}.{name}", model_field, raw[name])  # type: ignore[arg-type]
            shape = JSON_SHAPES.get((section.name, name))
            if shape and raw[name] is not None and not shape(raw[name]):
                self.fail(f"{where}.{name}", "wrong shape")
        if self.with_contacts:
            for name in section.contacts:
                model_field = meta.get_field(name)
                parsed[name] = self.value(f"{where}.{name}", model_field, raw[name])  # type: ignore[arg-type]
                if parsed[name] is None and not model_field.null:  # type: ignore[union-attr]
                    parsed[name] = ""
        for name, target in section.refs.items():
            model_field = meta.get_field(name)
            if model_field.many_to_many:
                parsed[name] = self.many(f"{where}.{name}", raw[name], target)
            else:
                parsed[name] = self.ref(
                    f"{where}.{name}", target, raw[name], null=model_field.null
                )
        for name, kind in section.codes.items():
            model_field = meta.get_field(name)
            if model_field.many_to_many:
                values = raw[name] if isinstance(raw[name], list) else [object()]
                parsed[name] = [
                    self.code(f"{where}.{name}", kind, v, null=False) for v in values
                ]
            else:
                parsed[name] = self.code(
                    f"{where}.{name}", kind, raw[name], null=model_field.null
                )
        if self.with_contacts:
            for name in section.users:
                model_field = meta.get_field(name)
                if model_field.many_to_many:
                    if not _is_str_list(raw[name]):
                        self.fail(f"{where}.{name}", "a list of e-mail addresses")
                    parsed[name] = raw[name] if _is_str_list(raw[name]) else []
                else:
                    parsed[name] = self.email(f"{where}.{name}", raw[name], null=True)
        for name in section.special:
            parsed[name] = self.special(f"{where}.{name}", name, raw[name])
        return parsed

    def many(self, where: str, value: Any, target: str) -> list[int]:
        if not isinstance(value, list):
            self.fail(where, "a list of record ids")
            return []
        return [self.ref(where, target, item, null=False) for item in value]

    def special(self, where: str, name: str, value: Any) -> Any:
        if name == "topic_ids":
            return self.many(where, value, "topics")
        if name == "ballot":
            return self.ballot(where, value)
        if name == "snapshot":
            return self.snapshot(where, value)
        if name == "pdf":
            return self.pdf(where, value)
        raise AssertionError(name)  # a section names a special field unhandled here

    def ballot(self, where: str, value: Any) -> dict[int, int]:
        if not isinstance(value, dict):
            self.fail(where, "an object of topic id to votes")
            return {}
        ballot = {}
        for key, votes in value.items():
            if not (isinstance(key, str) and key.isdigit() and key.isascii()):
                self.fail(where, f"{key!r} is not a topic id")
                continue
            if not _is_int(votes) or votes < 0 or votes > 1000:
                self.fail(where, f"{votes!r} is not a number of votes")
                continue
            topic = self.ref(where, "topics", int(key), null=False)
            if topic is not None:
                ballot[topic] = votes
        return ballot

    def snapshot(self, where: str, value: Any) -> dict:
        """Shape only: ids in a snapshot may name rows deleted since publishing."""
        if not isinstance(value, dict):
            self.fail(where, "an object")
            return {}
        topics = value.get("topics", [])
        if not isinstance(value.get("trajectory", ""), str) or not isinstance(
            topics, list
        ):
            self.fail(where, "wrong shape")
            return {}
        text_keys = ("title", "theme_key", "goal")
        for topic in topics:
            ok = (
                isinstance(topic, dict)
                and all(isinstance(topic.get(k), str) for k in text_keys)
                and all(
                    topic.get(k) is None or _is_int(topic.get(k))
                    for k in ("id", "topic_id")
                )
                and isinstance(topic.get("actions"), list)
                and all(self.snapshot_action_ok(a) for a in topic["actions"])
            )
            if not ok:
                self.fail(where, "a topic of wrong shape")
                return {}
        return value

    @staticmethod
    def snapshot_action_ok(action: Any) -> bool:
        if not isinstance(action, dict):
            return False
        if action.get("id") is not None and not _is_int(action.get("id")):
            return False
        for key in SNAPSHOT_ACTION_FIELDS:
            allowed: tuple[type, ...] = (
                (str, type(None)) if key == "deadline" else (str,)
            )
            if not isinstance(action.get(key), allowed):
                return False
        return True

    def pdf(self, where: str, value: Any) -> bytes | None:
        if value is None:
            return None
        try:
            content = (
                base64.b64decode(value, validate=True)
                if isinstance(value, str)
                else b""
            )
        except (binascii.Error, ValueError):
            content = b""
        if not content.startswith(b"%PDF"):
            self.fail(where, "not a PDF in base64")
            return None
        return content

    # The whole file ----------------------------------------------------------

    def envelope(self) -> dict | None:
        raw = self.raw
        unknown = sorted(set(raw) - ENVELOPE)
        missing = sorted(ENVELOPE - set(raw))
        if unknown:
            self.fail("file", "unknown fields " + ", ".join(unknown))
        if missing:
            self.fail("file", "missing fields " + ", ".join(missing))
            return None
        if raw["format"] != FORMAT:
            self.fail("format", f"not a trajectory export: {raw['format']!r}")
        if raw["format_version"] != FORMAT_VERSION or not _is_int(
            raw["format_version"]
        ):
            self.fail(
                "format_version",
                f"{raw['format_version']!r}; this site reads version {FORMAT_VERSION}",
            )
        if not isinstance(raw["with_contacts"], bool):
            self.fail("with_contacts", "true or false")
        data = raw["data"]
        if not isinstance(data, dict):
            self.fail("data", "an object of sections")
            return None
        if not isinstance(raw["exported_at"], str):
            self.fail("exported_at", "a date and time as text")
        try:
            matches = raw["checksum"] == checksum(data)
        except (TypeError, ValueError):  # keys that JSON cannot hold
            matches = False
        if not matches:
            self.fail("checksum", "does not match the data: the file was changed")
        names = {section.name for section in SECTIONS}
        if set(data) != names:
            extra = sorted(str(k) for k in set(data) - names)
            absent = sorted(names - set(data))
            if extra:
                self.fail("data", "unknown sections " + ", ".join(extra))
            if absent:
                self.fail("data", "missing sections " + ", ".join(absent))
            return None
        return data

    def ids_of(self, section: Section, rows: list) -> None:
        ids: set[int] = set()
        for index, row in enumerate(rows):
            record_id = row.get("id") if isinstance(row, dict) else None
            if not isinstance(record_id, int) or isinstance(record_id, bool):
                self.fail(f"{section.name}[{index}].id", "a whole number")
            elif record_id in ids:
                self.fail(f"{section.name}[{index}].id", f"{record_id} twice")
            else:
                ids.add(record_id)
        self.ids[section.name] = ids

    def run(self) -> Checked:
        data = self.envelope()
        if data is None or self.reasons:
            raise TransferRefused(self.reasons)
        for section in SECTIONS:
            rows = data[section.name]
            if not isinstance(rows, list):
                self.fail(section.name, "a list of records")
                continue
            if section.single and len(rows) > 1:
                self.fail(section.name, "at most one record")
            if section.name == "trajectory" and len(rows) != 1:
                self.fail(section.name, "exactly one trajectory")
            if section.contacts_only and rows and not self.with_contacts:
                self.fail(section.name, "contact data in an export without contacts")
            self.ids_of(section, rows)
        if self.reasons:
            raise TransferRefused(self.reasons)
        for section in SECTIONS:
            records = []
            for index, row in enumerate(data[section.name]):
                parsed = self.record(section, index, row)
                if parsed is not None:
                    records.append(parsed)
            self.records[section.name] = records
        self.answers_match_their_questionnaire()
        if self.reasons:
            shown = self.reasons[:MAX_REASONS]
            if len(self.reasons) > MAX_REASONS:
                shown.append(f"... and {len(self.reasons) - MAX_REASONS} more")
            raise TransferRefused(shown)
        return Checked(
            self.with_contacts, self.records, self.regions, self.municipalities
        )

    def answers_match_their_questionnaire(self) -> None:
        theme_of = {q["id"]: q["theme"] for q in self.records["questions"]}
        questionnaire_of_theme = {
            t["id"]: t["questionnaire"] for t in self.records["themes"]
        }
        questionnaire_of_response = {
            r["id"]: r["questionnaire"] for r in self.records["responses"]
        }
        for answer in self.records["answers"]:
            asked_in = questionnaire_of_theme.get(theme_of.get(answer["question"]))
            answered_in = questionnaire_of_response.get(answer["response"])
            # A record already refused above is not reported twice.
            if None not in (asked_in, answered_in) and asked_in != answered_in:
                self.fail(
                    f"answers id {answer['id']}",
                    "its question is of another questionnaire than its response",
                )


def trajectory_file_check(raw: Any) -> Checked:
    """Return the checked file, or raise ``TransferRefused`` with every reason."""
    if not isinstance(raw, dict):
        raise TransferRefused(["file: not a JSON object"])
    return _Checker(raw).run()
