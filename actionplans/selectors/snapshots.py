"""Snapshots of the plan and the difference between two versions."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date

from django.utils.translation import gettext as _

from ..models import Action
from ..models import ActionPlan
from ..models import PlanTopic
from ..models import ProgressNote
from .plan import plan_topics

# The fields of an action in a snapshot, with their labels for the diff page.
SNAPSHOT_ACTION_FIELDS = (
    "how",
    "owner_organisation",
    "owner_contact",
    "other_parties",
    "deadline",
    "resources",
    "success_measure",
    "status",
)


def _note_snapshot(note: ProgressNote) -> dict:
    # No author: it may be an owner's e-mail address, and the snapshot goes
    # into a PDF that travels.
    return {
        "id": note.pk,
        "noted_on": note.noted_on.isoformat(),
        "text": note.text,
        "status": note.status,
    }


def _action_snapshot(action: Action) -> dict:
    data = {name: getattr(action, name) for name in SNAPSHOT_ACTION_FIELDS}
    data["deadline"] = action.deadline.isoformat() if action.deadline else None
    data["id"] = action.pk
    # Newest first, as prefetched by ``plan_topics``.
    data["notes"] = [_note_snapshot(note) for note in action.notes.all()]
    return data


def plan_snapshot(*, plan: ActionPlan) -> dict:
    """The plan as plain JSON: what a published version keeps."""
    trajectory = plan.trajectory
    return {
        "trajectory": trajectory.name,
        "topics": [
            {
                "id": entry.pk,
                "topic_id": entry.topic_id,
                "title": entry.topic.title,
                "theme_key": entry.topic.theme_key,
                "goal": entry.goal,
                "actions": [_action_snapshot(a) for a in entry.actions.all()],
            }
            for entry in plan_topics(plan=plan)
        ],
    }


def field_labels() -> dict[str, str]:
    labels = {
        name: str(Action._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
        for name in SNAPSHOT_ACTION_FIELDS
    }
    labels["goal"] = str(PlanTopic._meta.get_field("goal").verbose_name)
    labels["title"] = _("onderwerp")
    return labels


def _display(name: str, value) -> str:
    if value in (None, ""):
        return "—"
    if name == "status":
        return str(dict(Action.Status.choices).get(value, value))
    if name == "deadline":
        try:
            return date.fromisoformat(value).strftime("%d-%m-%Y")
        except ValueError:
            return str(value)
    return str(value)


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    kind: str  # added, removed, changed
    what: str  # topic, action, note
    label: str
    topic: str = ""
    fields: list[FieldChange] = field(default_factory=list)
    # A progress note: its date, text and the status it set.
    note: str = ""


NOTE_FIELDS = ("noted_on", "text", "status")


def note_line(note: dict) -> str:
    """One line for a snapshot's note: date, text and the status it set."""
    line = f"{_display('deadline', note.get('noted_on'))}: {note.get('text', '')}"
    if note.get("status"):
        line += f" (→ {_display('status', note['status'])})"
    return line


def _note_changes(action: dict, before: list[dict], topic: str) -> list[Change]:
    """Notes added, changed or removed on one action.

    A snapshot published before notes were kept has no ``notes``: compared
    with it, every note of the newer version counts as added.
    """
    labels = {
        "noted_on": _("datum"),
        "text": _("voortgang"),
        "status": _("status"),
    }
    changes = []
    old = {note["id"]: note for note in before}
    for note in reversed(action.get("notes") or []):
        previous = old.pop(note["id"], None)
        if previous is None:
            changes.append(
                Change("added", "note", action["how"], topic, note=note_line(note))
            )
            continue
        fields = [
            FieldChange(
                labels[name],
                _display(
                    "deadline" if name == "noted_on" else name, previous.get(name)
                ),
                _display("deadline" if name == "noted_on" else name, note.get(name)),
            )
            for name in NOTE_FIELDS
            if previous.get(name) != note.get(name)
        ]
        if fields:
            changes.append(
                Change("changed", "note", action["how"], topic, fields, note_line(note))
            )
    for note in old.values():
        changes.append(
            Change("removed", "note", action["how"], topic, note=note_line(note))
        )
    return changes


def snapshot_diff(old: dict, new: dict) -> list[Change]:
    """What changed from ``old`` to ``new``: topics and actions, field by field."""
    labels = field_labels()
    changes: list[Change] = []
    old_topics = {t["id"]: t for t in old.get("topics", [])}
    new_topics = {t["id"]: t for t in new.get("topics", [])}
    for topic_id, topic in new_topics.items():
        before = old_topics.get(topic_id)
        if before is None:
            changes.append(Change("added", "topic", topic["title"], topic["title"]))
            before = {"goal": "", "actions": []}
        elif before["goal"] != topic["goal"]:
            changes.append(
                Change(
                    "changed",
                    "topic",
                    topic["title"],
                    topic["title"],
                    [
                        FieldChange(
                            labels["goal"],
                            _display("goal", before["goal"]),
                            _display("goal", topic["goal"]),
                        )
                    ],
                )
            )
        old_actions = {a["id"]: a for a in before["actions"]}
        for action in topic["actions"]:
            previous = old_actions.pop(action["id"], None)
            if previous is None:
                changes.append(Change("added", "action", action["how"], topic["title"]))
                changes += _note_changes(action, [], topic["title"])
                continue
            fields = [
                FieldChange(
                    labels[name],
                    _display(name, previous.get(name)),
                    _display(name, action.get(name)),
                )
                for name in SNAPSHOT_ACTION_FIELDS
                if previous.get(name) != action.get(name)
            ]
            if fields:
                changes.append(
                    Change("changed", "action", action["how"], topic["title"], fields)
                )
            changes += _note_changes(
                action, previous.get("notes") or [], topic["title"]
            )
        for action in old_actions.values():
            changes.append(Change("removed", "action", action["how"], topic["title"]))
    for topic_id, topic in old_topics.items():
        if topic_id not in new_topics:
            changes.append(Change("removed", "topic", topic["title"], topic["title"]))
    return changes
