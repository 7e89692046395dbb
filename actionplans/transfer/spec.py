"""What a trajectory export holds: every model and every field, in one place.

Each model that belongs to a trajectory has one ``Section`` below, in import
order (a section only points at sections above it, or at itself). Every
concrete field and many-to-many field of its model is named in exactly one
group; ``tests/actionplans/test_transfer_spec.py`` fails when a model gains a
field that no group names, or when an app gains a model that is neither a
section nor in ``NOT_EXPORTED``.

Groups:

- ``plain``: copied as JSON values (dates and times as ISO strings).
- ``refs``: a foreign key (or many-to-many) to another section, written as
  that record's ``id`` in the file; the import gives new ids.
- ``codes``: a region or municipality, written as its CBS code.
- ``contacts``: names, e-mail addresses and notes about people, only in an
  export with contacts; otherwise left empty on import.
- ``users``: staff accounts, written as e-mail address, only with contacts;
  the import links existing accounts with that address and creates none.
- ``timestamps``: ``auto_now``/``auto_now_add`` values, restored after insert.
- ``regenerated``: tokens, codes and hashes, never exported; the import makes
  new ones, so no link or hash in a file leads to a person.
- ``special``: JSON or file fields with ids of other sections in them,
  remapped by the exporter and importer (see ``remap``).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from django.db import models

from actionplans.models import Action
from actionplans.models import ActionPlan
from actionplans.models import OverdueReminder
from actionplans.models import OwnerLink
from actionplans.models import PlanTopic
from actionplans.models import PlanVersion
from actionplans.models import ProgressNote
from actionplans.models import new_owner_link_nonce
from regions.models import Trajectory
from regions.models import new_public_token
from sessions_app.meetings.models import AgendaItem
from sessions_app.meetings.models import Invitee
from sessions_app.meetings.models import Meeting
from sessions_app.meetings.models import new_token_nonce
from sessions_app.voting.models import Topic
from sessions_app.voting.models import Voter
from sessions_app.voting.models import VotingRound
from sessions_app.voting.models import new_round_code
from surveys.models import Answer
from surveys.models import OpenAnswerReview
from surveys.models import Question
from surveys.models import Questionnaire
from surveys.models import Response
from surveys.models import Theme

FORMAT = "goedgesprek.trajectory"
FORMAT_VERSION = 1

Regenerate = Callable[[models.Model], Any]


def _random_hash(_obj: models.Model) -> str:
    return secrets.token_hex(32)


def _invitee_token_hash(obj: models.Model) -> str:
    assert isinstance(obj, Invitee)  # noqa: S101 - a programming error
    return Invitee.hash_token(Invitee.token_for_nonce(obj.token_nonce))


@dataclass(frozen=True)
class Section:
    name: str
    model: type[models.Model]
    # Lookup from the model to the trajectory, e.g. "meeting__trajectory".
    path: str
    plain: tuple[str, ...] = ()
    refs: dict[str, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    contacts: tuple[str, ...] = ()
    users: tuple[str, ...] = ()
    timestamps: tuple[str, ...] = ()
    regenerated: dict[str, Regenerate] = field(default_factory=dict)
    special: tuple[str, ...] = ()
    # The whole row is contact data: exported only with contacts.
    contacts_only: bool = False
    # At most one row per trajectory.
    single: bool = False

    def named_fields(self) -> set[str]:
        return {
            *self.plain,
            *self.refs,
            *self.codes,
            *self.contacts,
            *self.users,
            *self.timestamps,
            *self.regenerated,
            *self.special,
        }


STAMPS = ("created_at", "updated_at")

SECTIONS: tuple[Section, ...] = (
    Section(
        "trajectory",
        Trajectory,
        "pk",
        plain=(
            "name",
            "format",
            "phase",
            "survey_opens_on",
            "survey_closes_on",
            "targets",
            "closed_on",
            "personal_data_deleted_on",
            "retention_warned_on",
        ),
        codes={"region": "region", "municipalities": "municipality"},
        users=("created_by", "facilitators", "policy_makers"),
        timestamps=STAMPS,
        regenerated={"public_token": lambda _obj: new_public_token()},
        single=True,
    ),
    Section(
        "questionnaire",
        Questionnaire,
        "trajectory",
        plain=("source_version", "version"),
        refs={"trajectory": "trajectory"},
        timestamps=STAMPS,
        single=True,
    ),
    Section(
        "themes",
        Theme,
        "questionnaire__trajectory",
        plain=(
            "key",
            "title",
            "title_en",
            "child_title",
            "child_title_en",
            "roles",
            "position",
            "enabled",
        ),
        refs={"questionnaire": "questionnaire"},
    ),
    Section(
        "questions",
        Question,
        "theme__questionnaire__trajectory",
        plain=(
            "key",
            "kind",
            "open_kind",
            "text",
            "text_en",
            "child_text",
            "child_text_en",
            "english_stale",
            "roles",
            "choices",
            "position",
        ),
        refs={"theme": "themes"},
    ),
    Section(
        "responses",
        Response,
        "questionnaire__trajectory",
        plain=(
            "role",
            "other_roles",
            "age_band",
            "foster_type",
            "care_types",
            "submitted_on",
        ),
        refs={"questionnaire": "questionnaire"},
        codes={"municipality": "municipality"},
        regenerated={"submission_key": _random_hash},
    ),
    Section(
        "answers",
        Answer,
        "response__questionnaire__trajectory",
        plain=("number", "choice", "text"),
        refs={"response": "responses", "question": "questions"},
    ),
    Section(
        "reviews",
        OpenAnswerReview,
        "answer__response__questionnaire__trajectory",
        plain=("status", "edited_text", "unsafe", "auto_flagged", "reviewed_at"),
        refs={"answer": "answers"},
        users=("reviewed_by",),
    ),
    Section(
        "meetings",
        Meeting,
        "trajectory",
        plain=(
            "kind",
            "title",
            "position",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "notes",
            "presentation_step",
        ),
        refs={"trajectory": "trajectory"},
        users=("facilitators",),
        timestamps=STAMPS,
    ),
    Section(
        "agenda_items",
        AgendaItem,
        "meeting__trajectory",
        plain=("position", "starts_at", "title", "duration_minutes", "description"),
        refs={"meeting": "meetings"},
    ),
    Section(
        "invitees",
        Invitee,
        "meeting__trajectory",
        plain=(
            "role",
            "response",
            "responded_at",
            "needs_childcare",
            "needs_travel_costs",
            "needs_accessibility",
            "invitation_requested_at",
            "invitation_sent_at",
            "reminder_sent_at",
            "attended",
        ),
        refs={"meeting": "meetings"},
        contacts=("name", "email", "organisation", "needs_other"),
        timestamps=STAMPS,
        # The hash is derived from the new nonce: listed after it.
        regenerated={
            "token_nonce": lambda _obj: new_token_nonce(),
            "token_hash": _invitee_token_hash,
        },
        contacts_only=True,
    ),
    Section(
        "topics",
        Topic,
        "trajectory",
        plain=("title", "reason", "theme_key", "source", "status"),
        refs={"trajectory": "trajectory", "merged_into": "topics"},
        timestamps=STAMPS,
    ),
    Section(
        "voting_rounds",
        VotingRound,
        "trajectory",
        plain=(
            "status",
            "votes_per_voter",
            "max_per_topic",
            "show_bars",
            "suggestions_open",
            "chosen_min",
            "chosen_max",
            "show_per_role",
            "closed_at",
            "confirmed_at",
        ),
        refs={
            "trajectory": "trajectory",
            "parent": "voting_rounds",
            "meeting": "meetings",
            "chosen_topics": "topics",
        },
        timestamps=STAMPS,
        regenerated={"code": lambda _obj: new_round_code()},
        special=("topic_ids",),
    ),
    Section(
        "voters",
        Voter,
        "round__trajectory",
        plain=("role", "is_paper", "votes_used", "version"),
        refs={"round": "voting_rounds"},
        timestamps=("joined_at",),
        regenerated={"token_hash": _random_hash},
        special=("ballot",),
    ),
    Section(
        "plan",
        ActionPlan,
        "trajectory",
        plain=("status", "has_unpublished_changes", "summary_sent_for"),
        refs={"trajectory": "trajectory"},
        timestamps=STAMPS,
        single=True,
    ),
    Section(
        "plan_topics",
        PlanTopic,
        "plan__trajectory",
        plain=("position", "goal", "version"),
        refs={"plan": "plan", "topic": "topics"},
        timestamps=STAMPS,
    ),
    Section(
        "actions",
        Action,
        "plan_topic__plan__trajectory",
        plain=(
            "how",
            "owner_organisation",
            "other_parties",
            "deadline",
            "resources",
            "success_measure",
            "status",
            "version",
        ),
        refs={"plan_topic": "plan_topics"},
        contacts=("owner_contact", "owner_email"),
        timestamps=STAMPS,
    ),
    Section(
        "progress_notes",
        ProgressNote,
        "action__plan_topic__plan__trajectory",
        plain=("noted_on", "text", "status"),
        refs={"action": "actions"},
        contacts=("author_name",),
        timestamps=("created_at",),
    ),
    Section(
        "plan_versions",
        PlanVersion,
        "plan__trajectory",
        plain=(
            "number",
            "published_at",
            "language",
            "pdf_status",
            "pdf_error",
            "pdf_claimed_at",
            "pdf_rendered_at",
            "pdf_pages",
        ),
        refs={"plan": "plan"},
        users=("published_by",),
        special=("snapshot", "pdf"),
    ),
    Section(
        "owner_links",
        OwnerLink,
        "plan__trajectory",
        plain=("revoked_at", "last_used_at"),
        refs={"plan": "plan"},
        contacts=("email", "name"),
        timestamps=STAMPS,
        # A restored link is a new link: a fresh nonce signs its token, and
        # no hash of an old token comes along.
        regenerated={
            "token_hash": lambda _obj: None,
            "nonce": lambda _obj: new_owner_link_nonce(),
        },
        contacts_only=True,
    ),
    Section(
        "overdue_reminders",
        OverdueReminder,
        "action__plan_topic__plan__trajectory",
        plain=("sent_at",),
        refs={"action": "actions"},
    ),
)

SECTION_BY_NAME = {section.name: section for section in SECTIONS}

# Models of the apps that are deliberately not in an export, and why.
NOT_EXPORTED = {
    "regions.Region": "loaded by load_regions, referred to by code",
    "regions.Municipality": "loaded by load_regions, referred to by code",
    "regions.RegionMembership": "a region's staff, not the trajectory's",
    "surveys.SurveyDraft": "unfinished surveys behind resume tokens",
    "actionplans.PdfDownload": "who downloaded what: a log about people",
    "surveys.SpentToken": "hashes of used resume tokens, linked to nothing",
}
EXPORT_APPS = ("regions", "surveys", "sessions_app", "actionplans")


def model_fields(model: type[models.Model]) -> set[str]:
    """Every concrete and many-to-many field of ``model`` except its id."""
    names = {
        f.name
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many) and not f.auto_created
    }
    return names - {model._meta.pk.name}  # type: ignore[union-attr]
