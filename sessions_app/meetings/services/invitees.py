"""Writes for invitees: add one or a pasted list, correct, delete, answer, attend."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from email.utils import getaddresses

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regions.models import ParticipantRole

from ..models import Invitee
from ..models import Meeting

MAX_PASTED_ADDRESSES = 500


def _new_invitee(**fields) -> Invitee:
    invitee = Invitee(**fields)
    invitee.token_hash = Invitee.hash_token(invitee.token)
    return invitee


def _duplicate_error(email: str) -> ValidationError:
    return ValidationError(
        {
            "email": _("%(email)s is al uitgenodigd voor deze bijeenkomst.")
            % {"email": email}
        }
    )


@transaction.atomic
def invitee_add(
    *,
    meeting: Meeting,
    email: str,
    name: str = "",
    role: str = "",
    organisation: str = "",
) -> Invitee:
    """Add one person to the meeting's invitation list."""
    email = email.strip().lower()
    invitee = _new_invitee(
        meeting=meeting,
        email=email,
        name=name.strip(),
        role=role,
        organisation=organisation.strip(),
    )
    if Invitee.objects.filter(meeting=meeting, email=email).exists():
        raise _duplicate_error(email)
    invitee.full_clean()
    try:
        with transaction.atomic():
            invitee.save()
    except IntegrityError as exc:  # added by someone else meanwhile
        raise _duplicate_error(email) from exc
    return invitee


@dataclass
class PasteResult:
    added: list[Invitee] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)


def parse_addresses(text: str) -> list[tuple[str, str]]:
    """Split pasted text into (name, e-mail) pairs; e-mail may be invalid.

    Accepts one address per line or separated by commas or semicolons, with
    or without a name ("Anna de Vries <anna@example.org>").
    """
    text = text.replace("\x00", "")
    parts = [part.strip() for part in re.split(r"[\n;,]+", text)]
    pairs = []
    for part in parts:
        if not part:
            continue
        parsed = getaddresses([part])
        name, email = parsed[0] if parsed else ("", part)
        if not email or "@" not in email:
            name, email = "", part
        pairs.append((name.strip(), email.strip().lower()))
    return pairs


@transaction.atomic
def invitees_add_from_text(
    *, meeting: Meeting, text: str, role: str = "", organisation: str = ""
) -> PasteResult:
    """Add every valid address in pasted text; report the rest.

    Addresses already on the list are skipped, not changed.
    """
    pairs = parse_addresses(text)
    if len(pairs) > MAX_PASTED_ADDRESSES:
        raise ValidationError(
            _("Plak hoogstens %(max)s adressen tegelijk.")
            % {"max": MAX_PASTED_ADDRESSES}
        )
    if role and role not in ParticipantRole.values:
        raise ValidationError(_("Kies een rol uit de lijst."))
    result = PasteResult()
    existing = set(
        Invitee.objects.filter(meeting=meeting).values_list("email", flat=True)
    )
    new = []
    for name, email in pairs:
        try:
            validate_email(email)
            if len(email) > 254 or len(name) > 150:
                raise ValidationError("too long")
        except ValidationError:
            result.invalid.append(email[:100])
            continue
        if email in existing:
            result.already_invited.append(email)
            continue
        existing.add(email)
        new.append(
            _new_invitee(
                meeting=meeting,
                email=email,
                name=name,
                role=role,
                organisation=organisation.strip()[:150],
            )
        )
    try:
        with transaction.atomic():
            result.added = Invitee.objects.bulk_create(new)
    except IntegrityError as exc:  # someone added the same address meanwhile
        raise ValidationError(
            _("Iemand voegde tegelijk dezelfde adressen toe. Probeer het opnieuw.")
        ) from exc
    return result


@transaction.atomic
def invitee_update(
    *, invitee: Invitee, name: str, email: str, role: str, organisation: str
) -> Invitee:
    """Correct a person's contact data."""
    email = email.strip().lower()
    if (
        Invitee.objects.filter(meeting_id=invitee.meeting_id, email=email)
        .exclude(pk=invitee.pk)
        .exists()
    ):
        raise _duplicate_error(email)
    invitee.name = name.strip()
    invitee.email = email
    invitee.role = role
    invitee.organisation = organisation.strip()
    invitee.full_clean()
    invitee.save()
    return invitee


@transaction.atomic
def invitee_delete(*, invitee: Invitee) -> None:
    """Delete the person and all their contact data and answers for good."""
    Invitee.objects.filter(pk=invitee.pk).delete()


@transaction.atomic
def invitee_respond(
    *,
    invitee: Invitee,
    response: str,
    needs_childcare: bool = False,
    needs_travel_costs: bool = False,
    needs_accessibility: bool = False,
    needs_other: str = "",
) -> Invitee:
    """Save the invitee's answer and needs; they may change it until it starts."""
    invitee = (
        Invitee.objects.select_for_update().select_related("meeting").get(pk=invitee.pk)
    )
    meeting = invitee.meeting
    if meeting.starts_at is not None and meeting.starts_at <= timezone.now():
        raise ValidationError(
            _("Deze bijeenkomst is al begonnen. Uw antwoord is niet meer te wijzigen.")
        )
    if response not in (
        Invitee.Response.YES,
        Invitee.Response.MAYBE,
        Invitee.Response.NO,
    ):
        raise ValidationError({"response": _("Kies ja, misschien of nee.")})
    invitee.response = response
    invitee.needs_childcare = needs_childcare
    invitee.needs_travel_costs = needs_travel_costs
    invitee.needs_accessibility = needs_accessibility
    invitee.needs_other = needs_other.replace("\x00", "").strip()
    invitee.responded_at = timezone.now()
    invitee.full_clean()
    invitee.save()
    return invitee


@transaction.atomic
def attendance_update(*, meeting: Meeting, present: Iterable[int]) -> int:
    """Tick exactly these invitees of the meeting as present; return how many."""
    present_ids = set(present)
    invitees = Invitee.objects.filter(meeting=meeting)
    invitees.filter(pk__in=present_ids).update(attended=True)
    invitees.exclude(pk__in=present_ids).update(attended=False)
    return invitees.filter(attended=True).count()
