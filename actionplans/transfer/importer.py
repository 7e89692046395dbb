"""Restore an export, with new ids, in one transaction: all of it or nothing."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError
from django.db import models
from django.db import transaction

from accounts.models import User
from actionplans.models import PlanVersion
from regions.models import Trajectory

from .spec import SECTIONS
from .spec import Section
from .validation import Checked
from .validation import TransferRefused
from .validation import trajectory_file_check


class _Writer:
    def __init__(self, checked: Checked):
        self.checked = checked
        # section name -> {id in the file: new primary key}
        self.new_ids: dict[str, dict[int, int]] = {}
        self.users: dict[str, int] = {}
        if checked.with_contacts:
            self.users = {
                email.lower(): pk
                for pk, email in User.objects.values_list("pk", "email")
            }
        self.pdfs: list[tuple[int, bytes]] = []
        self.to_render: list[int] = []

    def new(self, target: str, old: int | None) -> int | None:
        return None if old is None else self.new_ids[target][old]

    def user(self, email: str | None) -> int | None:
        return self.users.get(email.lower()) if email else None

    def build(self, section: Section, record: dict[str, Any]) -> models.Model:
        meta = section.model._meta
        obj = section.model()
        for name in section.plain:
            setattr(obj, name, record[name])
        for name in section.contacts:
            if self.checked.with_contacts:
                setattr(obj, name, record[name])
            else:
                setattr(obj, name, meta.get_field(name).get_default())  # type: ignore[union-attr]
        for name, target in section.refs.items():
            model_field = meta.get_field(name)
            if model_field.many_to_many or target == section.name:
                continue
            setattr(obj, model_field.attname, self.new(target, record[name]))  # type: ignore[union-attr]
        for name in section.codes:
            model_field = meta.get_field(name)
            if not model_field.many_to_many:
                setattr(obj, model_field.attname, record[name])  # type: ignore[union-attr]
        if self.checked.with_contacts:
            for name in section.users:
                model_field = meta.get_field(name)
                if not model_field.many_to_many:
                    setattr(obj, model_field.attname, self.user(record[name]))  # type: ignore[union-attr]
        for name in section.special:
            self.special(obj, name, record[name])
        for name, regenerate in section.regenerated.items():
            setattr(obj, name, regenerate(obj))
        return obj

    def special(self, obj: models.Model, name: str, value: Any) -> None:
        if name == "topic_ids":
            obj.topic_ids = [self.new("topics", pk) for pk in value]  # type: ignore[attr-defined]
        elif name == "ballot":
            obj.ballot = {  # type: ignore[attr-defined]
                str(self.new("topics", pk)): votes for pk, votes in value.items()
            }
        elif name == "snapshot":
            obj.snapshot = self.snapshot(value)  # type: ignore[attr-defined]
        elif name == "pdf":
            self.pdf_content = value

    def snapshot(self, value: dict) -> dict:
        """The same snapshot with this database's ids; gone rows get none."""
        copy = json.loads(json.dumps(value))
        ids = self.new_ids
        for topic in copy.get("topics", []):
            topic["id"] = ids["plan_topics"].get(topic.get("id"))
            topic["topic_id"] = ids["topics"].get(topic.get("topic_id"))
            for action in topic["actions"]:
                action["id"] = ids["actions"].get(action.get("id"))
        return copy

    def write_section(self, section: Section) -> None:
        records = self.checked.records[section.name]
        built: dict[int, models.Model] = {}
        for record in records:
            self.pdf_content = None
            obj = self.build(section, record)
            built[record["id"]] = obj
            if isinstance(obj, PlanVersion):
                self.version_pdf(obj, self.pdf_content)
        self.new_ids[section.name] = {}
        for wave in self.waves(section, records):
            objects = [built[record["id"]] for record in wave]
            for record, obj in zip(wave, objects, strict=True):
                self.set_self_refs(section, record, obj)
            section.model._default_manager.bulk_create(objects)  # type: ignore[attr-defined]
            for record, obj in zip(wave, objects, strict=True):
                self.new_ids[section.name][record["id"]] = obj.pk
        objects = [built[record["id"]] for record in records]
        if section.timestamps:
            for record, obj in zip(records, objects, strict=True):
                for name in section.timestamps:
                    setattr(obj, name, record[name])
            manager = section.model._default_manager
            manager.bulk_update(objects, list(section.timestamps))  # type: ignore[attr-defined]
        self.write_many(section, records, objects)
        for obj in objects:
            if isinstance(obj, PlanVersion) and getattr(obj, "_pdf_bytes", None):
                self.pdfs.append((obj.pk, obj._pdf_bytes))  # type: ignore[attr-defined]

    @staticmethod
    def self_refs(section: Section) -> list[str]:
        return [
            name
            for name, target in section.refs.items()
            if target == section.name
            and not section.model._meta.get_field(name).many_to_many
        ]

    def set_self_refs(self, section: Section, record: dict, obj: models.Model) -> None:
        for name in self.self_refs(section):
            model_field = section.model._meta.get_field(name)
            setattr(obj, model_field.attname, self.new(section.name, record[name]))  # type: ignore[union-attr]

    def waves(self, section: Section, records: list[dict]) -> list[list[dict]]:
        """Records in insert order: a row after the row of its own section it names.

        A merged topic must point at its target when it is inserted (a check
        constraint), so targets go in an earlier statement. A cycle is refused.
        """
        names = self.self_refs(section)
        if not names:
            return [records]
        waves: list[list[dict]] = []
        done: set[int] = set()
        left = records
        while left:
            wave = [r for r in left if all(r[n] is None or r[n] in done for n in names)]
            if not wave:
                raise TransferRefused(
                    [f"{section.name}: records refer to each other in a circle"]
                )
            waves.append(wave)
            done |= {r["id"] for r in wave}
            left = [r for r in left if r["id"] not in done]
        return waves

    def version_pdf(self, version: PlanVersion, content: bytes | None) -> None:
        """Keep the PDF from the file, or queue a new rendering of it."""
        version.pdf = ""  # type: ignore[assignment]
        if content:
            version._pdf_bytes = content  # type: ignore[attr-defined]
        elif version.pdf_status != PlanVersion.PdfStatus.FAILED:
            version.pdf_status = PlanVersion.PdfStatus.QUEUED
            version.pdf_claimed_at = None
            version.pdf_rendered_at = None
            version.pdf_pages = None

    def write_many(self, section: Section, records: list[dict], objects: list) -> None:
        meta = section.model._meta
        for name in (*section.refs, *section.codes, *section.users):
            model_field = meta.get_field(name)
            if not model_field.many_to_many:
                continue
            if name in section.users and not self.checked.with_contacts:
                continue
            through = getattr(section.model, name).through
            source = f"{meta.model_name}_id"
            target = f"{model_field.related_model._meta.model_name}_id"  # type: ignore[union-attr]
            if model_field.related_model is section.model:
                source, target = f"from_{source}", f"to_{target}"
            rows = []
            for record, obj in zip(records, objects, strict=True):
                for value in record[name]:
                    if name in section.refs:
                        other = self.new(section.refs[name], value)
                    elif name in section.codes:
                        other = value
                    else:
                        other = self.user(value)
                    if other is not None:
                        rows.append(through(**{source: obj.pk, target: other}))
            through.objects.bulk_create(rows, ignore_conflicts=True)

    def finish(self) -> None:
        for version_id, content in self.pdfs:
            version = PlanVersion.objects.get(pk=version_id)
            version.pdf.save(
                f"import-{version_id}.pdf", ContentFile(content), save=False
            )
            PlanVersion.objects.filter(pk=version_id).update(pdf=version.pdf.name)
        queued = list(
            PlanVersion.objects.filter(
                pk__in=self.new_ids["plan_versions"].values(),
                pdf_status=PlanVersion.PdfStatus.QUEUED,
            ).values_list("pk", flat=True)
        )
        if queued:
            from actionplans.services import pdf_enqueue

            def enqueue() -> None:
                for pk in queued:
                    pdf_enqueue(version_id=pk)

            transaction.on_commit(enqueue)


def trajectory_import(*, raw: Any) -> Trajectory:
    """Write the export ``raw`` (parsed JSON) as a new trajectory.

    Raises ``TransferRefused`` with every reason when the file is malformed,
    changed or does not fit this database; then nothing is written.
    """
    checked = trajectory_file_check(raw)
    writer = _Writer(checked)
    try:
        with transaction.atomic():
            for section in SECTIONS:
                writer.write_section(section)
            writer.finish()
    except (DatabaseError, ValidationError, ValueError, OverflowError) as error:
        raise TransferRefused([f"the database refused the data: {error}"]) from error
    (trajectory_id,) = writer.new_ids["trajectory"].values()
    return Trajectory.objects.get(pk=trajectory_id)


def trajectory_import_json(*, text: str | bytes) -> Trajectory:
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
        raise TransferRefused([f"file: not valid JSON ({error})"]) from error
    return trajectory_import(raw=raw)
