"""Every non-trivial read of the action plan."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from typing import cast

from django.db.models import Count
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from regions.models import Region
from regions.models import Trajectory
from sessions_app.models import Topic
from sessions_app.voting.selectors import chosen_topics
from sessions_app.voting.selectors import theme_results_url  # noqa: F401 - re-exported

from .models import Action
from .models import ActionPlan
from .models import PlanTopic
from .models import PlanVersion
from .models import ProgressNote

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


def plan_chosen_topics(*, trajectory: Trajectory) -> list[Topic]:
    """The topics the vote chose, for starting or extending the plan."""
    return chosen_topics(trajectory=trajectory)


def plan_of(*, trajectory: Trajectory) -> ActionPlan | None:
    return ActionPlan.objects.filter(trajectory=trajectory).first()


def plan_topics(*, plan: ActionPlan) -> list[PlanTopic]:
    """Topics with their actions and progress notes, in three queries."""
    return list(
        PlanTopic.objects.filter(plan=plan)
        .select_related("topic")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.order_by("deadline", "pk").prefetch_related(
                    Prefetch(
                        "notes",
                        queryset=ProgressNote.objects.order_by("-noted_on", "-pk"),
                    )
                ),
            )
        )
        .order_by("position", "pk")
    )


def plan_versions(*, plan: ActionPlan) -> QuerySet[PlanVersion]:
    return plan.versions.select_related("published_by").defer("snapshot")


def latest_version(*, plan: ActionPlan) -> PlanVersion | None:
    return plan.versions.order_by("-number").first()


# Snapshots and the difference between two versions ---------------------------------


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


# Meetings (filled in when the meetings room is merged) -----------------------------


@dataclass
class MeetingSummary:
    title: str
    held_on: date | None
    participants: int | None  # None: hidden by the small-group rule


def plan_meetings(*, trajectory: Trajectory) -> list[MeetingSummary]:
    """The trajectory's planned meetings and how many people attended each.

    One query. A meeting with 1 to 4 attendees shows no number (the
    small-group rule); attendance is what facilitators ticked.
    """
    from django.db.models import Count
    from django.db.models import Q

    from core.protection import threshold
    from sessions_app.meetings.models import Meeting

    meetings = (
        Meeting.objects.filter(trajectory=trajectory, starts_at__isnull=False)
        .annotate(present=Count("invitees", filter=Q(invitees__attended=True)))
        .order_by("starts_at", "position")
    )
    limit = threshold()
    return [
        MeetingSummary(
            title=meeting.title,
            held_on=timezone.localtime(meeting.starts_at).date(),
            participants=None if 0 < meeting.present < limit else meeting.present,
        )
        for meeting in meetings
    ]


# Follow-up --------------------------------------------------------------------------


@dataclass
class ProgressOverview:
    by_status: list[tuple[str, str, int]]  # (status, label, count)
    overdue: list[Action]
    timeline: list[ProgressNote]
    total: int

    @property
    def done(self) -> int:
        return sum(n for s, _l, n in self.by_status if s == Action.Status.DONE)

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress_overview(
    *, plan: ActionPlan, today: date | None = None
) -> ProgressOverview:
    """Actions per status, the overdue ones, and the latest updates (3 queries)."""
    today = today or timezone.localdate()
    actions = list(
        Action.objects.filter(plan_topic__plan=plan)
        .select_related("plan_topic__topic")
        .order_by("deadline", "pk")
    )
    counts = Counter(a.status for a in actions)
    by_status = [
        (value, str(label), counts.get(value, 0))
        for value, label in Action.Status.choices
    ]
    timeline = list(
        ProgressNote.objects.filter(action__plan_topic__plan=plan)
        .select_related("action__plan_topic__topic")
        .order_by("-noted_on", "-pk")[:50]
    )
    return ProgressOverview(
        by_status=by_status,
        overdue=[a for a in actions if a.is_overdue(today)],
        timeline=timeline,
        total=len(actions),
    )


def overdue_actions(*, today: date | None = None) -> QuerySet[Action]:
    """Open actions past their deadline in published plans, with an owner e-mail."""
    today = today or timezone.localdate()
    return (
        Action.objects.filter(
            deadline__lt=today,
            status__in=[Action.Status.PLANNED, Action.Status.IN_PROGRESS],
            plan_topic__plan__status=ActionPlan.Status.PUBLISHED,
        )
        .exclude(owner_email="")
        .select_related("plan_topic__topic", "plan_topic__plan__trajectory")
    )


def owner_actions(*, plan: ActionPlan, email: str) -> list[Action]:
    """The actions of one owner (by e-mail) in one plan, with their notes."""
    return list(
        Action.objects.filter(plan_topic__plan=plan, owner_email__iexact=email)
        .select_related("plan_topic__topic")
        .prefetch_related(
            Prefetch(
                "notes", queryset=ProgressNote.objects.order_by("-noted_on", "-pk")
            )
        )
        .order_by("deadline", "pk")
    )


# National overview -----------------------------------------------------------------


def theme_titles() -> dict[str, str]:
    """Survey theme key -> title in the current language (standard themes)."""
    from surveys.structure import standard_questionnaire

    english = (get_language() or "nl").startswith("en")
    return {
        theme["key"]: theme["title"]["en" if english else "nl"]
        for theme in standard_questionnaire()["themes"]
    }


@dataclass
class RegionRow:
    region: Region
    trajectory: Trajectory | None
    responses: int
    topics: list[str]
    actions: int
    done: int
    overdue: int
    published: bool

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.actions) if self.actions else 0


@dataclass
class RecurringTheme:
    key: str
    title: str
    regions: int
    topics: list[str]


@dataclass
class NationalOverview:
    rows: list[RegionRow]
    recurring: list[RecurringTheme]

    @property
    def actions(self) -> int:
        return sum(r.actions for r in self.rows)

    @property
    def percent_done(self) -> int:
        done = sum(r.done for r in self.rows)
        return round(100 * done / self.actions) if self.actions else 0


def national_overview(*, today: date | None = None) -> NationalOverview:
    """Every region with its latest trajectory, in a fixed number of queries.

    Response counts are totals per trajectory (no breakdown), so no small
    group can be read from them; a total under the threshold is shown as
    such by the template through ``core.protection``.
    """
    from surveys.models import Response

    today = today or timezone.localdate()
    regions = list(Region.objects.order_by("code"))
    latest: dict[int, Trajectory] = {}
    for trajectory in Trajectory.objects.order_by("region_id", "-created_at", "-pk"):
        latest.setdefault(trajectory.region_id, trajectory)
    trajectory_ids = [t.pk for t in latest.values()]
    responses = dict(
        Response.objects.filter(questionnaire__trajectory_id__in=trajectory_ids)
        .values_list("questionnaire__trajectory_id")
        .annotate(n=Count("pk"))
        .values_list("questionnaire__trajectory_id", "n")
    )
    entries = (
        PlanTopic.objects.filter(plan__trajectory_id__in=trajectory_ids)
        .select_related("topic", "plan")
        .order_by("position", "pk")
    )
    topics: dict[int, list[str]] = {}
    by_theme: dict[str, list[tuple[int, str]]] = {}
    for entry in entries:
        topics.setdefault(entry.plan.trajectory_id, []).append(entry.topic.title)
        if entry.topic.theme_key:
            by_theme.setdefault(entry.topic.theme_key, []).append(
                (entry.plan.trajectory_id, entry.topic.title)
            )
    action_rows = Action.objects.filter(
        plan_topic__plan__trajectory_id__in=trajectory_ids
    ).values_list("plan_topic__plan__trajectory_id", "status", "deadline")
    stats: dict[int, Counter] = {}
    for trajectory_id, status, deadline in action_rows:
        counter = stats.setdefault(trajectory_id, Counter())
        counter["actions"] += 1
        counter["done"] += status == Action.Status.DONE
        counter["overdue"] += bool(
            deadline
            and deadline < today
            and status in (Action.Status.PLANNED, Action.Status.IN_PROGRESS)
        )
    published = set(
        ActionPlan.objects.filter(
            trajectory_id__in=trajectory_ids, status=ActionPlan.Status.PUBLISHED
        ).values_list("trajectory_id", flat=True)
    )
    rows = []
    for region in regions:
        trajectory = latest.get(region.pk)  # type: ignore[assignment]
        tid = trajectory.pk if trajectory else None
        counter = stats.get(tid, Counter())  # type: ignore[arg-type]
        rows.append(
            RegionRow(
                region=region,
                trajectory=trajectory,
                responses=responses.get(tid, 0),  # type: ignore[arg-type]
                topics=topics.get(tid, []),  # type: ignore[arg-type]
                actions=counter["actions"],
                done=counter["done"],
                overdue=counter["overdue"],
                published=tid in published,
            )
        )
    titles = theme_titles()
    recurring = sorted(
        (
            RecurringTheme(
                key=key,
                title=titles.get(key, key),
                regions=len({tid for tid, _t in items}),
                topics=sorted({title for _tid, title in items}),
            )
            for key, items in by_theme.items()
        ),
        key=lambda r: (-r.regions, r.title),
    )
    return NationalOverview(rows=rows, recurring=recurring)


# Comparing one plan with the rest of the country ----------------------------------

# Fewer other plans than this and the average would give a region's own
# figures away (one other plan: exactly; two: to whoever knows one of them).
MIN_OTHER_PLANS = 3

COMPARED_STATUSES = (
    Action.Status.DONE,
    Action.Status.IN_PROGRESS,
    Action.Status.PLANNED,
    Action.Status.DROPPED,
)


@dataclass
class ComparisonRow:
    label: str
    own: int  # percent of this plan's actions
    national: int  # the other plans' average percent


@dataclass
class NationalComparison:
    other_plans: int
    rows: list[ComparisonRow]
    own_actions: int
    national_actions: int  # the other plans' average number of actions

    @property
    def shown(self) -> bool:
        return self.other_plans >= MIN_OTHER_PLANS


def _percent(part: int, total: int) -> int:
    return round(100 * part / total) if total else 0


def national_comparison(
    *, plan: ActionPlan, overview: ProgressOverview, today: date | None = None
) -> NationalComparison:
    """This plan's progress beside the average of the other published plans.

    One query, whatever the number of plans. Each plan counts once (an
    average of shares, not of all actions together), and no other region
    is named: only the number of plans and their averages leave here.
    """
    today = today or timezone.localdate()
    open_statuses = [Action.Status.PLANNED, Action.Status.IN_PROGRESS]
    # Plain dicts: the keys per status are made below, not known to mypy.
    per_plan = cast(
        "list[dict[str, int]]",
        list(
            Action.objects.filter(plan_topic__plan__status=ActionPlan.Status.PUBLISHED)
            .exclude(plan_topic__plan=plan)
            .values("plan_topic__plan_id")
            .annotate(
                total=Count("pk"),
                overdue=Count(
                    "pk", filter=Q(deadline__lt=today, status__in=open_statuses)
                ),
                **{
                    f"n_{status}": Count("pk", filter=Q(status=status))
                    for status in COMPARED_STATUSES
                },
            )
            .order_by()
        ),
    )
    plans = len(per_plan)

    def average(key: str) -> int:
        if not plans:
            return 0
        return round(sum(100 * row[key] / row["total"] for row in per_plan) / plans)

    counts = {status: n for status, _label, n in overview.by_status}
    labels = dict(Action.Status.choices)
    rows = [
        ComparisonRow(
            str(labels[status]),
            _percent(counts.get(status, 0), overview.total),
            average(f"n_{status}"),
        )
        for status in COMPARED_STATUSES
    ]
    rows.append(
        ComparisonRow(
            _("Over de deadline"),
            _percent(len(overview.overdue), overview.total),
            average("overdue"),
        )
    )
    national_actions = (
        round(sum(row["total"] for row in per_plan) / plans) if plans else 0
    )
    return NationalComparison(
        other_plans=plans,
        rows=rows,
        own_actions=overview.total,
        national_actions=national_actions,
    )
