"""Every write of the action plan: goals, actions, progress, publishing."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.models import Trajectory
from sessions_app.models import Topic

from .models import Action
from .models import ActionPlan
from .models import PlanTopic
from .models import PlanVersion
from .models import ProgressNote

# Owner links have their own module; these names stay importable from here.
from .owner_links import InviteResult  # noqa: F401
from .owner_links import OwnerLinkLookup  # noqa: F401
from .owner_links import OwnerLinkState  # noqa: F401
from .owner_links import owner_link_create  # noqa: F401
from .owner_links import owner_link_for_token  # noqa: F401
from .owner_links import owner_link_lookup  # noqa: F401
from .owner_links import owner_link_path  # noqa: F401
from .owner_links import owner_link_revoke  # noqa: F401
from .owner_links import owner_link_token  # noqa: F401
from .owner_links import token_hash  # noqa: F401

logger = logging.getLogger(__name__)

# The fields of an action a form may change, in the order they are shown.
ACTION_FIELDS = (
    "how",
    "owner_organisation",
    "owner_contact",
    "owner_email",
    "other_parties",
    "deadline",
    "resources",
    "success_measure",
    "status",
)


class EditConflict(Exception):
    """Someone else saved the row since the editor opened it.

    ``current`` is the row as it is now; the view shows it next to the
    editor's own text, which it keeps on the page.
    """

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


# Plan and topics -----------------------------------------------------------------


@transaction.atomic
def action_plan_get_or_create(
    *, trajectory: Trajectory, topics: list[Topic]
) -> ActionPlan:
    """Return the trajectory's plan, with an entry for each chosen topic.

    Topics chosen later are added; entries are never removed here (a topic
    that was dropped from the choice keeps its goal and actions).
    """
    plan, _created = ActionPlan.objects.get_or_create(trajectory=trajectory)
    existing = set(plan.plan_topics.values_list("topic_id", flat=True))
    position = len(existing)
    new = []
    for topic in topics:
        if topic.pk in existing or topic.trajectory_id != trajectory.pk:
            continue
        new.append(PlanTopic(plan=plan, topic=topic, position=position))
        position += 1
    if new:
        PlanTopic.objects.bulk_create(new, ignore_conflicts=True)
        _mark_changed(plan.pk)
    return plan


def _mark_changed(plan_id: int) -> None:
    ActionPlan.objects.filter(pk=plan_id, status=ActionPlan.Status.PUBLISHED).update(
        has_unpublished_changes=True, updated_at=timezone.now()
    )


@transaction.atomic
def plan_topic_update_goal(
    *, plan_topic: PlanTopic, goal: str, expected_version: int
) -> PlanTopic:
    """Save the goal if nobody saved it since ``expected_version``.

    One conditional UPDATE: of two racing saves exactly one matches the old
    version. The loser gets ``EditConflict`` with the row as it is now.
    """
    goal = goal.strip()
    if len(goal) > 2000:
        raise ValidationError(_("Het doel mag hoogstens 2000 tekens hebben."))
    updated = PlanTopic.objects.filter(
        pk=plan_topic.pk, version=expected_version
    ).update(goal=goal, version=F("version") + 1, updated_at=timezone.now())
    current = PlanTopic.objects.select_related("topic").get(pk=plan_topic.pk)
    if not updated:
        raise EditConflict(current)
    _mark_changed(current.plan_id)
    return current


# Actions ---------------------------------------------------------------------------


def _clean_action(action: Action) -> None:
    # No unique fields on an action; the candidate of an update has the
    # row's pk, which a uniqueness check would count as a clash.
    action.full_clean(exclude=["plan_topic"], validate_unique=False)


@transaction.atomic
def action_create(*, plan_topic: PlanTopic, **fields) -> Action:
    action = Action(plan_topic=plan_topic)
    for name in ACTION_FIELDS:
        if name in fields:
            setattr(action, name, fields[name])
    _clean_action(action)
    action.save()
    _mark_changed(plan_topic.plan_id)
    return action


@transaction.atomic
def action_update(*, action: Action, expected_version: int, **fields) -> Action:
    """Save an action's fields if nobody saved it since ``expected_version``."""
    candidate = Action(pk=action.pk, plan_topic_id=action.plan_topic_id)
    for name in ACTION_FIELDS:
        setattr(candidate, name, fields.get(name, getattr(action, name)))
    _clean_action(candidate)
    values = {name: getattr(candidate, name) for name in ACTION_FIELDS}
    updated = Action.objects.filter(pk=action.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    current = Action.objects.select_related("plan_topic").get(pk=action.pk)
    if not updated:
        raise EditConflict(current)
    _mark_changed(current.plan_topic.plan_id)
    return current


@transaction.atomic
def action_delete(*, action: Action) -> None:
    plan_id = action.plan_topic.plan_id
    action.delete()
    _mark_changed(plan_id)


@transaction.atomic
def progress_note_add(
    *,
    action: Action,
    text: str,
    author_name: str,
    status: str = "",
    noted_on: date | None = None,
) -> ProgressNote:
    """Add a dated note; a status given with it becomes the action's status.

    A status change by a note is not checked against a version: it is the
    latest word on the action's progress, and the note keeps the history.
    """
    note = ProgressNote(
        action=action,
        text=text.strip(),
        author_name=author_name.strip()[:150] or _("onbekend"),
        status=status,
        noted_on=noted_on or timezone.localdate(),
    )
    note.full_clean()
    note.save()
    if status and status != action.status:
        Action.objects.filter(pk=action.pk).update(
            status=status, version=F("version") + 1, updated_at=timezone.now()
        )
        action.refresh_from_db()
    _mark_changed(action.plan_topic.plan_id)
    return note


# Publishing --------------------------------------------------------------------------


def _snapshot(plan: ActionPlan) -> dict:
    from .selectors.snapshots import plan_snapshot

    return plan_snapshot(plan=plan)


@dataclass
class PublishResult:
    version: PlanVersion
    created: bool


@transaction.atomic
def action_plan_publish(
    *, plan: ActionPlan, published_by, language: str = "nl"
) -> PublishResult:
    """Publish the plan as a new version and queue its PDF.

    Publishing a plan that did not change since its last version makes no
    new version. The plan row is locked, so two coordinators publishing at
    once get one version.
    """
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    snapshot = _snapshot(plan)
    latest = plan.versions.order_by("-number").first()
    if latest is not None and latest.snapshot == snapshot:
        return PublishResult(latest, created=False)
    number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PlanVersion(
        plan=plan,
        number=number,
        snapshot=snapshot,
        published_by=published_by,
        language=language,
    )
    version.full_clean()
    version.save()
    plan.status = ActionPlan.Status.PUBLISHED
    plan.has_unpublished_changes = False
    plan.save(update_fields=["status", "has_unpublished_changes", "updated_at"])
    version_id = version.pk
    transaction.on_commit(lambda: pdf_enqueue(version_id=version_id))
    return PublishResult(version, created=True)


def pdf_enqueue(*, version_id: int) -> None:
    """Hand the PDF to Celery; without a broker the version stays queued.

    The page answers at once either way: a broker that cannot be reached is
    logged, and the status stays "in de wachtrij" until someone asks again.
    """
    from .tasks import plan_version_render_pdf_task

    try:
        # Nobody waits for the result: without ignore_result Celery would
        # subscribe to the result store in this web process, and after one
        # Redis outage that subscription stays broken until a restart.
        plan_version_render_pdf_task.apply_async((version_id,), ignore_result=True)
    except Exception:  # the broker is down: keep the request working
        logger.exception("Could not queue the PDF of plan version %s", version_id)


@transaction.atomic
def pdf_request(*, version: PlanVersion) -> PlanVersion:
    """Ask for the version's PDF (again, after a failure); ready stays ready."""
    PlanVersion.objects.filter(
        pk=version.pk, pdf_status=PlanVersion.PdfStatus.FAILED
    ).update(pdf_status=PlanVersion.PdfStatus.QUEUED, pdf_error="")
    version.refresh_from_db()
    if version.pdf_status == PlanVersion.PdfStatus.QUEUED:
        version_id = version.pk
        transaction.on_commit(lambda: pdf_enqueue(version_id=version_id))
    return version
