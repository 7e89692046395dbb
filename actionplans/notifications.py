"""E-mails of the action plan: owner invitations, overdue reminders, summaries."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Action
from .models import OwnerLink


def _absolute(path: str, base_url: str = "") -> str:
    base = base_url or getattr(settings, "SITE_URL", "") or "http://localhost:8000"
    return base.rstrip("/") + path


def owner_invitation_send(*, link: OwnerLink, token: str, base_url: str = "") -> None:
    url = _absolute(
        reverse("actionplans:owner_home", kwargs={"token": token}), base_url
    )
    with translation.override("nl"):
        context = {"link": link, "url": url, "trajectory": link.plan.trajectory}
        subject = render_to_string(
            "actionplans/email/owner_invitation_subject.txt", context
        ).strip()
        body = render_to_string("actionplans/email/owner_invitation.txt", context)
    send_mail(subject, body, None, [link.email])


def overdue_reminder_send(*, action: Action, link: OwnerLink | None = None) -> None:
    """Remind the owner; with their active link, the mail carries it."""
    url = ""
    if link is not None:
        from .owner_links import owner_link_path

        url = _absolute(owner_link_path(link))
    with translation.override("nl"):
        context = {
            "action": action,
            "trajectory": action.plan_topic.plan.trajectory,
            "url": url,
        }
        subject = render_to_string(
            "actionplans/email/overdue_subject.txt", context
        ).strip()
        body = render_to_string("actionplans/email/overdue.txt", context)
    send_mail(subject, body, None, [action.owner_email])


def monthly_summary_send(*, recipients: list[str], context: dict) -> None:
    with translation.override("nl"):
        subject = render_to_string(
            "actionplans/email/monthly_subject.txt", context
        ).strip()
        body = render_to_string("actionplans/email/monthly.txt", context)
    send_mail(subject, body, None, recipients)
