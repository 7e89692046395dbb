"""Demo data: one trajectory per pilot region and one staff user per role.

Every step looks up before it creates, so running the seed twice leaves the
database as the first run made it.
"""

import datetime as dt
from dataclasses import dataclass
from dataclasses import field

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from demo.meeting_data import demo_meetings
from demo.plan_data import seed_plan
from demo.survey_data import demo_responses
from demo.survey_data import demo_reviews
from demo.voting_data import demo_voting
from regions.models import ParticipantRole
from regions.models import Region
from regions.models import RegionMembership
from regions.models import Trajectory

DEMO_PASSWORD = "demo-gesprek-2026"  # noqa: S105 - printed demo login, refused in production
DEMO_REGION = "JZ32"  # Rijk van Nijmegen, a pilot region
OTHER_REGION = "JZ34"  # West Brabant Oost, the other pilot region
DEMO_TRAJECTORY = "Het goede gesprek Rijk van Nijmegen"
OTHER_TRAJECTORY = "Het goede gesprek West Brabant Oost"

DEMO_USERS = [
    # (key, e-mail, name, description)
    (
        "staff",
        "nvp@demo.goedgesprek.nl",
        "Noor van der Pol",
        "NVP-medewerker (alle regio's)",
    ),
    (
        "coordinator",
        "coordinator@demo.goedgesprek.nl",
        "Carla de Boer",
        "regiocoördinator Rijk van Nijmegen",
    ),
    (
        "facilitator",
        "gespreksleider@demo.goedgesprek.nl",
        "Fatima El Amrani",
        "gespreksleider van het demotraject",
    ),
    (
        "beleidsmaker",
        "beleid@demo.goedgesprek.nl",
        "Bram Jansen",
        "beleidsmaker Rijk van Nijmegen",
    ),
    (
        "other_coordinator",
        "coordinator-wbo@demo.goedgesprek.nl",
        "Wim Oosterhout",
        "regiocoördinator West Brabant Oost",
    ),
]


@dataclass
class DemoResult:
    trajectory: Trajectory
    other_trajectory: Trajectory
    users: dict[str, User] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    survey_responses_created: int = 0
    meetings_created: int = 0
    open_round_code: str = ""


# Earlier and elsewhere: so the results can be compared with the region's
# previous trajectory and with the country (which needs at least three other
# trajectories with answers).
PREVIOUS_TRAJECTORY = "Het goede gesprek Rijk van Nijmegen 2024"
COMPARISON_TRAJECTORIES = [
    ("JZ35", "Dialoogtafel Hart van Brabant", Trajectory.Format.DIALOOGTAFEL, 35),
    ("JZ22", "Het goede gesprek Utrecht Stad", Trajectory.Format.TRAJECT, 22),
]


def _finished_trajectory(
    region, name, *, users, years_ago: int, kind=Trajectory.Format.TRAJECT
) -> Trajectory:
    trajectory, created = Trajectory.objects.get_or_create(
        region=region,
        name=name,
        defaults={
            "format": kind,
            "phase": Trajectory.Phase.AFGEROND,
            "created_by": users["staff"],
        },
    )
    if created:
        trajectory.municipalities.set(region.municipalities.all())
        start = timezone.localdate() - dt.timedelta(days=365 * years_ago)
        Trajectory.objects.filter(pk=trajectory.pk).update(
            created_at=timezone.now() - dt.timedelta(days=365 * years_ago),
            survey_opens_on=start,
            survey_closes_on=start + dt.timedelta(days=28),
        )
        trajectory.refresh_from_db()
    return trajectory


def _demo_comparisons(*, region, other, users) -> None:
    previous = _finished_trajectory(
        region, PREVIOUS_TRAJECTORY, users=users, years_ago=2
    )
    demo_responses(trajectory=previous, seed=2024)
    demo_responses(trajectory=other, seed=34)
    for code, name, kind, seed in COMPARISON_TRAJECTORIES:
        elsewhere = _finished_trajectory(
            Region.objects.get(code=code),
            name,
            users=users,
            years_ago=1,
            kind=kind,
        )
        demo_responses(trajectory=elsewhere, seed=seed)


def _user(email: str, name: str, *, staff: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, name=name, is_staff=staff
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"primary": True, "verified": True}
    )
    return user


@transaction.atomic
def demo_seed() -> DemoResult:
    """Create the demo trajectory, users and roles (idempotent)."""
    region = Region.objects.get(code=DEMO_REGION)
    other_region = Region.objects.get(code=OTHER_REGION)
    users: dict[str, User] = {}
    logins = []
    for key, email, name, description in DEMO_USERS:
        users[key] = _user(email, name, staff=key == "staff")
        logins.append((email, DEMO_PASSWORD, description))
    RegionMembership.objects.get_or_create(
        user=users["coordinator"], region=region, role=RegionMembership.Role.COORDINATOR
    )
    RegionMembership.objects.get_or_create(
        user=users["beleidsmaker"],
        region=region,
        role=RegionMembership.Role.BELEIDSMAKER,
    )
    RegionMembership.objects.get_or_create(
        user=users["other_coordinator"],
        region=other_region,
        role=RegionMembership.Role.COORDINATOR,
    )
    today = timezone.localdate()
    trajectory, created = Trajectory.objects.get_or_create(
        region=region,
        name=DEMO_TRAJECTORY,
        defaults={
            "format": Trajectory.Format.TRAJECT,
            "phase": Trajectory.Phase.VRAGENLIJST_OPEN,
            "survey_opens_on": today - dt.timedelta(days=14),
            "survey_closes_on": today + dt.timedelta(days=28),
            "targets": {role: 10 for role in ParticipantRole.values},
            "created_by": users["coordinator"],
        },
    )
    if created:
        trajectory.municipalities.set(region.municipalities.all())
        trajectory.facilitators.add(users["facilitator"])
        trajectory.policy_makers.add(users["beleidsmaker"])
    other, created = Trajectory.objects.get_or_create(
        region=other_region,
        name=OTHER_TRAJECTORY,
        defaults={
            # West Brabant Oost held a kennismaking and then a meeting: a traject.
            "format": Trajectory.Format.TRAJECT,
            "phase": Trajectory.Phase.VOORBEREIDING,
            "created_by": users["other_coordinator"],
        },
    )
    if created:
        other.municipalities.set(other_region.municipalities.all())
    # Survey responses from every role (none added once there are some).
    survey_responses_created = demo_responses(trajectory=trajectory)
    demo_reviews(trajectory=trajectory, reviewer=users["facilitator"])
    _demo_comparisons(region=region, other=other, users=users)
    meetings_created = demo_meetings(
        trajectory=trajectory, facilitators=[users["facilitator"]]
    )
    open_round = demo_voting(trajectory=trajectory)
    # The vote, and a plan published twice with owners' updates and one
    # overdue action; its PDF is rendered after the commit.
    seed_plan(trajectory=trajectory, coordinator=users["coordinator"])
    return DemoResult(
        open_round_code=open_round.code,
        trajectory=trajectory,
        other_trajectory=other,
        users=users,
        logins=logins,
        survey_responses_created=survey_responses_created,
        meetings_created=meetings_created,
    )
