import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from actionplans import services
from actionplans.models import Action
from actionplans.models import ActionPlan
from actionplans.models import OwnerLink
from actionplans.models import PlanVersion
from actionplans.models import ProgressNote
from actionplans.selectors.snapshots import plan_snapshot
from actionplans.selectors.snapshots import snapshot_diff
from tests.actionplans.factories import ActionFactory
from tests.actionplans.factories import PlanTopicFactory
from tests.actionplans.factories import plan_with_actions
from tests.sessions_app.factories import TopicFactory

pytestmark = pytest.mark.django_db


def test_plan_gets_an_entry_per_chosen_topic_once(trajectory):
    topics = [TopicFactory(trajectory=trajectory) for _ in range(3)]

    plan = services.action_plan_get_or_create(trajectory=trajectory, topics=topics)
    again = services.action_plan_get_or_create(trajectory=trajectory, topics=topics)

    assert again.pk == plan.pk
    assert [e.topic_id for e in plan.plan_topics.all()] == [t.pk for t in topics]


def test_plan_ignores_topics_of_another_trajectory(trajectory, other_trajectory):
    foreign = TopicFactory(trajectory=other_trajectory)

    plan = services.action_plan_get_or_create(trajectory=trajectory, topics=[foreign])

    assert plan.plan_topics.count() == 0


def test_goal_saves_with_the_current_version_and_bumps_it(trajectory):
    entry = PlanTopicFactory(plan__trajectory=trajectory)

    saved = services.plan_topic_update_goal(
        plan_topic=entry, goal="  Minder wisselingen  ", expected_version=1
    )

    assert (saved.goal, saved.version) == ("Minder wisselingen", 2)


def test_goal_with_an_old_version_is_a_conflict_showing_the_other_text(trajectory):
    entry = PlanTopicFactory(plan__trajectory=trajectory)
    services.plan_topic_update_goal(plan_topic=entry, goal="Eerst", expected_version=1)

    with pytest.raises(services.EditConflict) as conflict:
        services.plan_topic_update_goal(
            plan_topic=entry, goal="Tweede", expected_version=1
        )

    assert conflict.value.current.goal == "Eerst"
    entry.refresh_from_db()
    assert entry.goal == "Eerst"


def test_action_update_with_an_old_version_changes_nothing(trajectory):
    action = ActionFactory(plan_topic__plan__trajectory=trajectory)
    services.action_update(action=action, expected_version=1, how="Nieuw plan")

    with pytest.raises(services.EditConflict) as conflict:
        services.action_update(action=action, expected_version=1, how="Ander plan")

    assert conflict.value.current.how == "Nieuw plan"
    assert conflict.value.current.version == 2


def test_action_update_refuses_an_unknown_status(trajectory):
    action = ActionFactory(plan_topic__plan__trajectory=trajectory)

    with pytest.raises(ValidationError):
        services.action_update(action=action, expected_version=1, status="klaar!")

    action.refresh_from_db()
    assert (action.status, action.version) == ("planned", 1)


def test_progress_note_with_status_sets_the_action_status(trajectory):
    action = ActionFactory(plan_topic__plan__trajectory=trajectory)

    services.progress_note_add(
        action=action,
        text="Eerste spreekuur gehouden",
        author_name="Gemeente",
        status="in_progress",
    )

    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    assert action.notes.get().text == "Eerste spreekuur gehouden"


def test_publish_makes_version_one_with_the_snapshot(
    trajectory, django_capture_on_commit_callbacks
):
    plan = plan_with_actions(trajectory, topics=2, actions=2)

    with django_capture_on_commit_callbacks() as callbacks:
        result = services.action_plan_publish(plan=plan, published_by=None)

    assert result.created
    assert result.version.number == 1
    assert len(result.version.snapshot["topics"]) == 2
    assert len(callbacks) == 1  # the PDF is queued after the commit
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.PUBLISHED


def test_publish_without_changes_makes_no_new_version(trajectory):
    plan = plan_with_actions(trajectory)
    first = services.action_plan_publish(plan=plan, published_by=None).version

    again = services.action_plan_publish(plan=plan, published_by=None)

    assert not again.created
    assert again.version.pk == first.pk
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_change_after_publishing_makes_version_two_and_keeps_version_one(trajectory):
    plan = plan_with_actions(trajectory, topics=1, actions=1)
    first = services.action_plan_publish(plan=plan, published_by=None).version
    action = Action.objects.get(plan_topic__plan=plan)

    services.action_update(action=action, expected_version=1, status="done")
    plan.refresh_from_db()
    assert plan.has_unpublished_changes
    second = services.action_plan_publish(plan=plan, published_by=None).version

    assert second.number == 2
    first.refresh_from_db()
    assert first.snapshot["topics"][0]["actions"][0]["status"] == "planned"
    assert second.snapshot["topics"][0]["actions"][0]["status"] == "done"


def test_diff_names_changed_added_and_removed_rows(trajectory):
    plan = plan_with_actions(trajectory, topics=1, actions=2)
    before = plan_snapshot(plan=plan)
    first, second = Action.objects.filter(plan_topic__plan=plan).order_by("pk")
    services.action_update(
        action=first, expected_version=1, deadline=dt.date(2027, 12, 31)
    )
    services.action_delete(action=second)
    ActionFactory(plan_topic=first.plan_topic, how="Nieuwe actie")

    changes = snapshot_diff(before, plan_snapshot(plan=plan))

    kinds = sorted((c.kind, c.what) for c in changes)
    assert kinds == [("added", "action"), ("changed", "action"), ("removed", "action")]
    changed = next(c for c in changes if c.kind == "changed")
    assert [(f.old, f.new) for f in changed.fields] == [("01-06-2028", "31-12-2027")]


def test_published_snapshot_keeps_each_actions_dated_progress_notes(trajectory):
    plan = plan_with_actions(trajectory, topics=1, actions=1)
    action = Action.objects.get(plan_topic__plan=plan)
    services.progress_note_add(
        action=action,
        text="Eerste gesprek gevoerd",
        author_name="eigenaar@gemeente.nl",
        noted_on=dt.date(2027, 2, 1),
    )
    services.progress_note_add(
        action=action,
        text="Klaar",
        author_name="X",
        status="done",
        noted_on=dt.date(2027, 3, 1),
    )

    version = services.action_plan_publish(plan=plan, published_by=None).version

    notes = version.snapshot["topics"][0]["actions"][0]["notes"]
    assert [(n["noted_on"], n["text"], n["status"]) for n in notes] == [
        ("2027-03-01", "Klaar", "done"),
        ("2027-02-01", "Eerste gesprek gevoerd", ""),
    ]
    # The author may be an e-mail address: not in a snapshot that goes into a PDF.
    assert "eigenaar@gemeente.nl" not in str(version.snapshot)


def test_a_new_progress_note_makes_a_new_version(trajectory):
    plan = plan_with_actions(trajectory, topics=1, actions=1)
    services.action_plan_publish(plan=plan, published_by=None)
    action = Action.objects.get(plan_topic__plan=plan)
    services.progress_note_add(action=action, text="Bezig", author_name="X")

    result = services.action_plan_publish(plan=plan, published_by=None)

    assert result.created
    assert result.version.number == 2


def test_diff_names_added_changed_and_removed_progress_notes(trajectory):
    plan = plan_with_actions(trajectory, topics=1, actions=1)
    action = Action.objects.get(plan_topic__plan=plan)
    kept = services.progress_note_add(
        action=action,
        text="Gesprek gepland",
        author_name="X",
        noted_on=dt.date(2027, 1, 5),
    )
    gone = services.progress_note_add(action=action, text="Weg", author_name="X")
    before = plan_snapshot(plan=plan)
    ProgressNote.objects.filter(pk=kept.pk).update(text="Gesprek gevoerd")
    gone.delete()
    services.progress_note_add(
        action=action,
        text="Verslag rondgestuurd",
        author_name="X",
        status="in_progress",
        noted_on=dt.date(2027, 2, 1),
    )

    changes = [
        c for c in snapshot_diff(before, plan_snapshot(plan=plan)) if c.what == "note"
    ]

    assert sorted((c.kind, c.what) for c in changes) == [
        ("added", "note"),
        ("changed", "note"),
        ("removed", "note"),
    ]
    added = next(c for c in changes if c.kind == "added")
    assert added.note == "01-02-2027: Verslag rondgestuurd (→ Bezig)"
    assert added.label == action.how
    changed = next(c for c in changes if c.kind == "changed")
    assert [(f.old, f.new) for f in changed.fields] == [
        ("Gesprek gepland", "Gesprek gevoerd")
    ]


def test_diff_against_a_snapshot_without_notes_lists_the_notes_as_added(trajectory):
    plan = plan_with_actions(trajectory, topics=1, actions=1)
    before = plan_snapshot(plan=plan)
    del before["topics"][0]["actions"][0]["notes"]
    action = Action.objects.get(plan_topic__plan=plan)
    services.progress_note_add(action=action, text="Bezig", author_name="X")

    changes = snapshot_diff(before, plan_snapshot(plan=plan))

    assert [(c.kind, c.what) for c in changes] == [("added", "note")]


def test_pdf_request_after_failure_queues_again(trajectory):
    plan = plan_with_actions(trajectory)
    version = services.action_plan_publish(plan=plan, published_by=None).version
    PlanVersion.objects.filter(pk=version.pk).update(
        pdf_status="failed", pdf_error="kapot"
    )

    version = services.pdf_request(version=version)

    assert (version.pdf_status, version.pdf_error) == ("queued", "")


def test_owner_link_token_is_not_stored_and_a_new_one_revokes_the_old(trajectory):
    plan = plan_with_actions(trajectory)
    first = services.owner_link_create(
        plan=plan, email="A@Gemeente.nl", send_mail=False
    )
    second = services.owner_link_create(
        plan=plan, email="a@gemeente.nl", send_mail=False
    )

    stored = OwnerLink.objects.filter(pk=first.link.pk).values().get()
    assert first.token not in str(stored)
    assert services.owner_link_for_token(token=first.token) is None
    assert services.owner_link_for_token(token=second.token).pk == second.link.pk
    assert OwnerLink.objects.filter(revoked_at__isnull=True).count() == 1


def test_owner_link_token_can_be_made_again_from_the_row(trajectory):
    plan = plan_with_actions(trajectory)
    invite = services.owner_link_create(plan=plan, email="a@b.nl", send_mail=False)

    again = services.owner_link_token(OwnerLink.objects.get(pk=invite.link.pk))

    assert again == invite.token
    assert services.owner_link_for_token(token=again).pk == invite.link.pk


def test_revoked_owner_link_no_longer_opens(trajectory):
    plan = plan_with_actions(trajectory)
    invite = services.owner_link_create(plan=plan, email="a@b.nl", send_mail=False)

    services.owner_link_revoke(link=invite.link)

    assert services.owner_link_for_token(token=invite.token) is None
    lookup = services.owner_link_lookup(token=invite.token)
    assert lookup.state == services.OwnerLinkState.REVOKED
    # The row's token now differs: nothing made before opens it again.
    assert services.owner_link_token(invite.link) != invite.token


def test_forged_owner_token_is_unknown(trajectory):
    plan = plan_with_actions(trajectory)
    invite = services.owner_link_create(plan=plan, email="a@b.nl", send_mail=False)
    value, signature = invite.token.rsplit(":", 1)
    other_id = f"{invite.link.pk + 1}.{invite.link.nonce}"

    for forged in (f"{other_id}:{signature}", f"{value}:{signature[:-2]}xx"):
        lookup = services.owner_link_lookup(token=forged)
        assert lookup.state == services.OwnerLinkState.UNKNOWN
        assert lookup.link is None


def test_link_made_before_signed_tokens_keeps_working_until_revoked(trajectory):
    plan = plan_with_actions(trajectory)
    old_token = "oude-link-uit-een-eerdere-uitnodiging"
    link = OwnerLink.objects.create(
        plan=plan, email="a@b.nl", token_hash=services.token_hash(old_token)
    )

    assert services.owner_link_for_token(token=old_token).pk == link.pk
    services.owner_link_revoke(link=link)
    assert services.owner_link_lookup(token=old_token).state == "revoked"
