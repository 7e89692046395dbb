"""Services that set up a trajectory: create, update, phase moves, team."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from regions.models import ParticipantRole
from regions.models import Trajectory
from regions.services import DEFAULT_TARGETS
from regions.services import phase_after
from regions.services import phase_before
from regions.services import trajectory_assign_members
from regions.services import trajectory_create
from regions.services import trajectory_move_phase
from regions.services import trajectory_update
from tests.accounts.factories import UserFactory
from tests.regions.factories import MunicipalityFactory
from tests.regions.factories import RegionFactory
from tests.regions.factories import TrajectoryFactory
from tests.sessions_app.factories import MeetingFactory

Phase = Trajectory.Phase


@pytest.fixture
def setup_region(db):
    region = RegionFactory(code="JZ40", name="Regio Opzet")
    for name in ["Arnhem", "Beek", "Cuijk"]:
        MunicipalityFactory(region=region, name=name)
    return region


@pytest.fixture
def foreign_municipality(db):
    return MunicipalityFactory(region=RegionFactory(code="JZ41"), name="Elders")


@pytest.fixture
def coordinator(db):
    return UserFactory()


def _period():
    today = timezone.localdate()
    return {"survey_opens_on": today, "survey_closes_on": today + dt.timedelta(28)}


def _create(region, **kwargs):
    values = {
        "region": region,
        "name": "Het goede gesprek 2026",
        "created_by": None,
        **_period(),
    }
    values.update(kwargs)
    return trajectory_create(**values)


def test_create_covers_every_municipality_of_the_region_by_default(setup_region):
    trajectory = _create(setup_region)
    assert set(trajectory.municipalities.all()) == set(
        setup_region.municipalities.all()
    )


def test_create_starts_in_voorbereiding_with_default_targets(setup_region, coordinator):
    trajectory = _create(setup_region, created_by=coordinator)
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.VOORBEREIDING
    assert trajectory.targets == DEFAULT_TARGETS
    assert trajectory.created_by == coordinator


def test_default_targets_cover_every_role():
    assert set(DEFAULT_TARGETS) == set(ParticipantRole.values)
    assert DEFAULT_TARGETS["pleegouder"] == 10
    assert DEFAULT_TARGETS["ouder"] == 5


def test_create_with_narrowed_municipalities(setup_region):
    beek = setup_region.municipalities.get(name="Beek")
    trajectory = _create(setup_region, municipalities=[beek])
    assert list(trajectory.municipalities.all()) == [beek]


def test_create_refuses_a_municipality_of_another_region(
    setup_region, foreign_municipality
):
    with pytest.raises(ValidationError) as info:
        _create(setup_region, municipalities=[foreign_municipality])
    assert "municipalities" in info.value.message_dict
    assert not Trajectory.objects.exists()


def test_create_refuses_an_empty_municipality_choice(setup_region):
    with pytest.raises(ValidationError) as info:
        _create(setup_region, municipalities=[])
    assert info.value.message_dict["municipalities"] == ["Kies minstens één gemeente."]


def test_create_refuses_a_survey_closing_before_it_opens(setup_region):
    with pytest.raises(ValidationError) as info:
        _create(
            setup_region,
            survey_opens_on=dt.date(2026, 3, 10),
            survey_closes_on=dt.date(2026, 3, 9),
        )
    (message,) = info.value.message_dict["survey_closes_on"]
    assert "De einddatum ligt vóór de begindatum" in message
    assert "10 maart 2026" in message
    assert not Trajectory.objects.exists()


def test_create_allows_a_survey_of_one_day(setup_region):
    day = dt.date(2026, 3, 10)
    trajectory = _create(setup_region, survey_opens_on=day, survey_closes_on=day)
    assert trajectory.survey_closes_on == day


def test_create_refuses_a_traject_without_survey_period(setup_region):
    with pytest.raises(ValidationError) as info:
        _create(setup_region, survey_opens_on=None, survey_closes_on=None)
    assert set(info.value.message_dict) == {"survey_opens_on", "survey_closes_on"}


def test_create_allows_a_dialoogtafel_without_survey(setup_region):
    trajectory = _create(
        setup_region,
        format=Trajectory.Format.DIALOOGTAFEL,
        survey_opens_on=None,
        survey_closes_on=None,
    )
    assert trajectory.survey_opens_on is None


def test_create_refuses_half_a_survey_period(setup_region):
    with pytest.raises(ValidationError) as info:
        _create(
            setup_region,
            format=Trajectory.Format.DIALOOGTAFEL,
            survey_closes_on=None,
        )
    assert info.value.message_dict["survey_closes_on"] == ["Vul ook de einddatum in."]


@pytest.mark.parametrize(
    "targets",
    [
        {"pleegouder": -1},
        {"pleegouder": 10_001},
        {"pleegouder": "10"},
        {"pleegouder": True},
        {"pleegouder": 2.5},
        {"niet-een-rol": 3},
    ],
)
def test_create_refuses_bad_targets(setup_region, targets):
    with pytest.raises(ValidationError) as info:
        _create(setup_region, targets=targets)
    assert "targets" in info.value.message_dict


def test_create_accepts_the_target_limits(setup_region):
    trajectory = _create(setup_region, targets={"pleegouder": 0, "ouder": 10_000})
    assert trajectory.targets == {"pleegouder": 0, "ouder": 10_000}


def test_create_refuses_a_name_that_is_too_long(setup_region):
    with pytest.raises(ValidationError) as info:
        _create(setup_region, name="x" * 151)
    assert "name" in info.value.message_dict


def test_create_reports_every_problem_at_once(setup_region, foreign_municipality):
    with pytest.raises(ValidationError) as info:
        _create(
            setup_region,
            municipalities=[foreign_municipality],
            targets={"pleegouder": -5},
            survey_opens_on=dt.date(2026, 3, 10),
            survey_closes_on=dt.date(2026, 1, 1),
        )
    assert set(info.value.message_dict) == {
        "municipalities",
        "targets",
        "survey_closes_on",
    }


def test_update_changes_the_set_up(setup_region):
    trajectory = _create(setup_region)
    cuijk = setup_region.municipalities.get(name="Cuijk")
    trajectory_update(
        trajectory=trajectory,
        name="  Nieuwe naam  ",
        format=Trajectory.Format.DIALOOGTAFEL,
        municipalities=[cuijk],
        survey_opens_on=dt.date(2026, 5, 1),
        survey_closes_on=dt.date(2026, 5, 31),
        targets={"pleegouder": 20},
    )
    trajectory.refresh_from_db()
    assert trajectory.name == "Nieuwe naam"
    assert trajectory.format == Trajectory.Format.DIALOOGTAFEL
    assert list(trajectory.municipalities.all()) == [cuijk]
    assert trajectory.survey_closes_on == dt.date(2026, 5, 31)
    assert trajectory.targets == {"pleegouder": 20}


def test_update_keeps_a_phase_moved_meanwhile(setup_region):
    trajectory = _create(setup_region)
    stale = Trajectory.objects.get(pk=trajectory.pk)
    trajectory_move_phase(trajectory=trajectory, to_phase=Phase.VRAGENLIJST_OPEN)
    trajectory_update(
        trajectory=stale,
        name="Andere naam",
        format=stale.format,
        municipalities=setup_region.municipalities.all(),
        survey_opens_on=stale.survey_opens_on,
        survey_closes_on=stale.survey_closes_on,
        targets=stale.targets,
    )
    stale.refresh_from_db()
    assert stale.phase == Phase.VRAGENLIJST_OPEN
    assert stale.name == "Andere naam"


def test_update_refuses_a_municipality_of_another_region_and_changes_nothing(
    setup_region, foreign_municipality
):
    trajectory = _create(setup_region)
    with pytest.raises(ValidationError):
        trajectory_update(
            trajectory=trajectory,
            name="Andere naam",
            format=trajectory.format,
            municipalities=[foreign_municipality],
            survey_opens_on=trajectory.survey_opens_on,
            survey_closes_on=trajectory.survey_closes_on,
            targets=trajectory.targets,
        )
    trajectory.refresh_from_db()
    assert trajectory.name == "Het goede gesprek 2026"
    assert trajectory.municipalities.count() == 3


def test_phase_order_helpers():
    assert phase_after(Phase.VOORBEREIDING) == Phase.VRAGENLIJST_OPEN
    assert phase_after(Phase.AFGEROND) is None
    assert phase_before(Phase.VOORBEREIDING) is None
    assert phase_before(Phase.AFGEROND) == Phase.ACTIEPLAN
    assert phase_after("onzin") is None
    assert phase_before("onzin") is None


def test_move_phase_forward(db):
    trajectory = TrajectoryFactory()
    trajectory_move_phase(trajectory=trajectory, to_phase=Phase.VRAGENLIJST_OPEN)
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.VRAGENLIJST_OPEN


def test_move_phase_back_one_step(db):
    trajectory = TrajectoryFactory(phase=Phase.BIJEENKOMSTEN)
    trajectory_move_phase(trajectory=trajectory, to_phase=Phase.VRAGENLIJST_OPEN)
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.VRAGENLIJST_OPEN


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Phase.VOORBEREIDING, Phase.BIJEENKOMSTEN),
        (Phase.VOORBEREIDING, Phase.AFGEROND),
        (Phase.AFGEROND, Phase.VOORBEREIDING),
        (Phase.ACTIEPLAN, Phase.VRAGENLIJST_OPEN),
    ],
)
def test_move_phase_refuses_to_skip(db, current, target):
    trajectory = TrajectoryFactory(phase=current)
    with pytest.raises(ValidationError) as info:
        trajectory_move_phase(trajectory=trajectory, to_phase=target)
    assert "alleen naar de volgende of de vorige fase" in info.value.messages[0]
    trajectory.refresh_from_db()
    assert trajectory.phase == current


def test_move_phase_refuses_the_current_phase(db):
    trajectory = TrajectoryFactory(phase=Phase.ACTIEPLAN)
    with pytest.raises(ValidationError) as info:
        trajectory_move_phase(trajectory=trajectory, to_phase=Phase.ACTIEPLAN)
    assert info.value.messages == ["Het traject staat al in de fase “Actieplan”."]


@pytest.mark.parametrize("target", ["", "onzin", "x" * 5000, "\x00"])
def test_move_phase_refuses_an_unknown_phase(db, target):
    trajectory = TrajectoryFactory()
    with pytest.raises(ValidationError):
        trajectory_move_phase(trajectory=trajectory, to_phase=target)
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.VOORBEREIDING


def test_move_phase_twice_with_the_same_target_moves_once(db):
    """A double click sends the same target twice; the second one is refused."""
    trajectory = TrajectoryFactory()
    stale = Trajectory.objects.get(pk=trajectory.pk)
    trajectory_move_phase(trajectory=trajectory, to_phase=Phase.VRAGENLIJST_OPEN)
    with pytest.raises(ValidationError):
        trajectory_move_phase(trajectory=stale, to_phase=Phase.VRAGENLIJST_OPEN)
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.VRAGENLIJST_OPEN


def test_a_dialoogtafel_walks_through_every_phase(db):
    trajectory = TrajectoryFactory(format=Trajectory.Format.DIALOOGTAFEL)
    # "Bijeenkomsten" needs a planned meeting (sessions_app's phase check).
    MeetingFactory(trajectory=trajectory)
    for phase in list(Phase)[1:]:
        trajectory_move_phase(trajectory=trajectory, to_phase=phase)
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.AFGEROND


def test_assign_members_sets_exactly_the_chosen_users(db):
    trajectory = TrajectoryFactory()
    old = UserFactory()
    trajectory.facilitators.add(old)
    facilitator, policy_maker = UserFactory(), UserFactory()
    trajectory_assign_members(
        trajectory=trajectory, facilitators=[facilitator], policy_makers=[policy_maker]
    )
    assert list(trajectory.facilitators.all()) == [facilitator]
    assert list(trajectory.policy_makers.all()) == [policy_maker]


def test_assign_members_with_empty_lists_clears_the_team(db):
    trajectory = TrajectoryFactory()
    trajectory.facilitators.add(UserFactory())
    trajectory.policy_makers.add(UserFactory())
    trajectory_assign_members(trajectory=trajectory, facilitators=[], policy_makers=[])
    assert not trajectory.facilitators.exists()
    assert not trajectory.policy_makers.exists()


def test_assign_members_refuses_to_add_an_inactive_account(db):
    trajectory = TrajectoryFactory()
    inactive = UserFactory(is_active=False, name="Ina Actief")
    with pytest.raises(ValidationError) as info:
        trajectory_assign_members(
            trajectory=trajectory, facilitators=[inactive], policy_makers=[]
        )
    assert "Ina Actief" in info.value.messages[0]
    assert not trajectory.facilitators.exists()


def test_assign_members_keeps_an_inactive_account_already_on_the_team(db):
    trajectory = TrajectoryFactory()
    inactive = UserFactory(is_active=False)
    trajectory.policy_makers.add(inactive)
    trajectory_assign_members(
        trajectory=trajectory, facilitators=[], policy_makers=[inactive]
    )
    assert list(trajectory.policy_makers.all()) == [inactive]
