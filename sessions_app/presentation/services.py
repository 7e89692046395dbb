"""The one write of the meeting mode: the step the presenter shows."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..meetings.models import Meeting


@transaction.atomic
def meeting_presentation_step_set(*, meeting: Meeting, step: int, last: int) -> Meeting:
    """Show step ``step`` (1 to ``last``); the projector window follows it."""
    if not 1 <= step <= last:
        raise ValidationError(_("Die stap bestaat niet."))
    Meeting.objects.filter(pk=meeting.pk).update(presentation_step=step)
    meeting.presentation_step = step
    return meeting
