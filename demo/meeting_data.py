"""Demo meetings: a past kennismaking with attendance, a planned onderwerpkeuze.

Added once: a trajectory that has meetings keeps them as they are.
"""

import datetime as dt

from django.utils import timezone

from regions.models import Trajectory
from sessions_app.meetings import services
from sessions_app.meetings.models import Invitee
from sessions_app.meetings.models import Meeting

AGENDA = [
    (dt.time(19, 0), "Welkom en kennismaken"),
    (dt.time(19, 20), "Wat de vragenlijst ons vertelt"),
    (dt.time(20, 15), "Pauze"),
    (dt.time(20, 30), "Onderwerpen kiezen"),
    (dt.time(21, 15), "Afspraken en afsluiting"),
]

# (name, e-mail, role, organisation, answer at the planned meeting, needs)
PEOPLE = [
    ("Marieke Jansen", "marieke.jansen@example.org", "pleegouder", "", "yes", "care"),
    ("Johan de Wit", "johan.dewit@example.org", "pleegouder", "", "yes", ""),
    ("Sanne Bakker", "sanne.bakker@example.org", "pleegouder", "", "maybe", "travel"),
    ("Daan Visser", "daan.visser@example.org", "pleegkind", "", "yes", "travel"),
    ("Lotte Smit", "lotte.smit@example.org", "eigen_kind", "", "no", ""),
    ("Priya Ramdin", "priya.ramdin@example.org", "ouder", "", "pending", ""),
    (
        "Kees Mulder",
        "kees.mulder@example.org",
        "professional",
        "Pleegzorg Gelderland",
        "yes",
        "access",
    ),
    (
        "Fleur de Groot",
        "fleur.degroot@example.org",
        "professional",
        "Jeugdbescherming",
        "maybe",
        "",
    ),
    (
        "Ahmed Yilmaz",
        "ahmed.yilmaz@example.org",
        "beleidsmaker",
        "Gemeente Nijmegen",
        "yes",
        "",
    ),
]


def _at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(
        day, dt.time(hour), tzinfo=timezone.get_current_timezone()
    )


def demo_meetings(*, trajectory: Trajectory, facilitators) -> int:
    """Give the demo trajectory its meetings and invitees; return how many meetings."""
    if Meeting.objects.filter(trajectory=trajectory).exists():
        return 0
    kennismaking, onderwerpkeuze, _action = services.meetings_create_defaults(
        trajectory=trajectory
    )
    for meeting, days, location in (
        (kennismaking, -21, "Wijkcentrum De Biezantijn, Nijmegen"),
        (onderwerpkeuze, 21, "Het Klokhuis, Wijchen"),
    ):
        services.meeting_update(
            meeting=meeting,
            title=meeting.title,
            kind=meeting.kind,
            starts_at=_at(days, 19),
            ends_at=_at(days, 21) + dt.timedelta(minutes=30),
            location=location,
            online_url="",
            facilitators=facilitators,
            agenda=AGENDA,
        )
    for name, email, role, organisation, answer, need in PEOPLE:
        for meeting in (kennismaking, onderwerpkeuze):
            invitee = services.invitee_add(
                meeting=meeting,
                email=email,
                name=name,
                role=role,
                organisation=organisation,
            )
            if meeting is onderwerpkeuze and answer != "pending":
                services.invitee_respond(
                    invitee=invitee,
                    response=answer,
                    needs_childcare=need == "care",
                    needs_travel_costs=need == "travel",
                    needs_accessibility=need == "access",
                )
    # The past meeting: everyone answered, most came; the demo does not
    # send e-mail, so the invitations are marked as sent.
    sent = timezone.now() - dt.timedelta(days=35)
    Invitee.objects.filter(meeting__trajectory=trajectory).update(
        invitation_sent_at=sent
    )
    past = Invitee.objects.filter(meeting=kennismaking)
    past.update(response=Invitee.Response.YES, responded_at=sent)
    services.attendance_update(
        meeting=kennismaking,
        present=past.exclude(role__in=["ouder", "eigen_kind"]).values_list(
            "pk", flat=True
        ),
    )
    services.meeting_notes_update(
        meeting=kennismaking,
        notes=(
            "Goede opkomst. Pleegouders en professionals kennen elkaar nu. "
            "Afgesproken: de uitslag van de vragenlijst komt bij de "
            "onderwerpkeuze op tafel. Daan (pleegjongere) neemt een vriend mee."
        ),
    )
    return 3
