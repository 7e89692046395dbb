"""Write one trajectory, with everything in it, as a JSON-ready dict."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import Any

from django.db import models
from django.utils import timezone

from accounts.models import User
from regions.models import Municipality
from regions.models import Region
from regions.models import Trajectory

from .spec import FORMAT
from .spec import FORMAT_VERSION
from .spec import SECTIONS
from .spec import Section


def checksum(data: dict) -> str:
    """SHA-256 of the canonical JSON of ``data``: shows a changed file."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def dump_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _rows(section: Section, trajectory: Trajectory) -> list[models.Model]:
    many = [
        name
        for name in (*section.refs, *section.codes, *section.users)
        if section.model._meta.get_field(name).many_to_many
    ]
    queryset = section.model._default_manager.filter(  # type: ignore[attr-defined]
        **{section.path: trajectory.pk}
    )
    return list(queryset.prefetch_related(*many).order_by("pk"))


class _Lookups:
    """Codes and e-mail addresses by id, each fetched once."""

    def __init__(self) -> None:
        self.regions = dict(Region.objects.values_list("pk", "code"))
        self._municipalities: dict[int, str] | None = None
        self._users: dict[int, str] | None = None

    def municipality(self, pk: int | None) -> str | None:
        if pk is None:
            return None
        if self._municipalities is None:
            self._municipalities = dict(Municipality.objects.values_list("pk", "code"))
        return self._municipalities[pk]

    def user(self, pk: int | None) -> str | None:
        if pk is None:
            return None
        if self._users is None:
            self._users = dict(User.objects.values_list("pk", "email"))
        return self._users.get(pk)


def _special(section: Section, row: models.Model, name: str, with_contacts: bool):
    value = getattr(row, name)
    if name == "snapshot":
        return _snapshot(value, with_contacts=with_contacts)
    if name == "pdf":
        # The PDF names owners and coordinators: contents only with contacts.
        if not with_contacts or not value:
            return None
        try:
            with value.open("rb") as handle:
                return base64.b64encode(handle.read()).decode("ascii")
        except OSError:
            return None
    return value  # topic_ids, ballot: ids in this file's numbering already


def _snapshot(snapshot: dict, *, with_contacts: bool) -> dict:
    if with_contacts:
        return snapshot
    copy = json.loads(json.dumps(snapshot))
    for topic in copy.get("topics", []):
        for action in topic.get("actions", []):
            if "owner_contact" in action:
                action["owner_contact"] = ""
    return copy


def _record(
    section: Section, row: models.Model, lookups: _Lookups, with_contacts: bool
) -> dict:
    meta = section.model._meta
    record: dict[str, Any] = {"id": row.pk}
    for name in (*section.plain, *section.timestamps):
        record[name] = dump_value(getattr(row, name))
    for name in section.refs:
        field = meta.get_field(name)
        if field.many_to_many:
            record[name] = sorted(obj.pk for obj in getattr(row, name).all())
        else:
            record[name] = getattr(row, field.attname)  # type: ignore[union-attr]
    for name, kind in section.codes.items():
        field = meta.get_field(name)
        if field.many_to_many:
            record[name] = sorted(obj.code for obj in getattr(row, name).all())
        elif kind == "region":
            record[name] = lookups.regions[getattr(row, field.attname)]  # type: ignore[union-attr]
        else:
            record[name] = lookups.municipality(getattr(row, field.attname))  # type: ignore[union-attr]
    for name in section.special:
        record[name] = _special(section, row, name, with_contacts)
    if with_contacts:
        for name in section.contacts:
            record[name] = dump_value(getattr(row, name))
        for name in section.users:
            field = meta.get_field(name)
            if field.many_to_many:
                record[name] = sorted(user.email for user in getattr(row, name).all())
            else:
                record[name] = lookups.user(getattr(row, field.attname))  # type: ignore[union-attr]
    return record


def trajectory_export(*, trajectory: Trajectory, with_contacts: bool = False) -> dict:
    """The whole trajectory as plain JSON values, with a checksum.

    Without ``with_contacts`` no name, e-mail address or account is in it.
    Tokens, codes and hashes are never in it.
    """
    lookups = _Lookups()
    data: dict[str, list[dict]] = {}
    for section in SECTIONS:
        if section.contacts_only and not with_contacts:
            data[section.name] = []
            continue
        data[section.name] = [
            _record(section, row, lookups, with_contacts)
            for row in _rows(section, trajectory)
        ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "with_contacts": with_contacts,
        "checksum": checksum(data),
        "data": data,
    }


def trajectory_export_json(
    *, trajectory: Trajectory, with_contacts: bool = False
) -> str:
    return json.dumps(
        trajectory_export(trajectory=trajectory, with_contacts=with_contacts),
        ensure_ascii=False,
        indent=1,
    )
