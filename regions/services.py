"""Writes for regions: loading the CBS indeling, setting up trajectories."""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Municipality
from .models import ParticipantRole
from .models import Region
from .models import Trajectory
from .phases import phase_errors

if TYPE_CHECKING:
    from accounts.models import User

DEFAULT_CSV = Path(__file__).resolve().parent / "data" / "jeugdzorgregios.csv"
DEFAULT_REFERENCE_YEAR = 2025
EXPECTED_COLUMNS = (
    "region_code",
    "region_name",
    "municipality_code",
    "municipality_name",
)
REGION_CODE = re.compile(r"JZ[0-9]{2}")
MUNICIPALITY_CODE = re.compile(r"GM[0-9]{4}")
NAME_MAX_LENGTH = 120  # Region.name and Municipality.name

# Names that people in the region use besides the CBS name.
REGION_ALIASES = {
    "JZ34": "West-Brabant Oost, West-Brabant-Oost",
    "JZ35": "Hart van Brabant",
    "JZ02": "Fryslân",
}


class RegionDataError(ValueError):
    """The CSV cannot be loaded; ``errors`` lists every problem with its line."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass(frozen=True)
class LoadResult:
    regions: int
    municipalities: int


def _parse(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    # A spreadsheet saving "CSV UTF-8" starts the file with a byte-order mark.
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    if tuple(reader.fieldnames or ()) != EXPECTED_COLUMNS:
        raise RegionDataError(
            [f"header must be {','.join(EXPECTED_COLUMNS)}, got {reader.fieldnames}"]
        )
    errors: list[str] = []
    regions: dict[str, str] = {}
    municipalities: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num  # the file's line, even after blank lines
        if None in row or any(value is None for value in row.values()):
            errors.append(f"line {line}: expected 4 columns")
            continue
        region_code = row["region_code"].strip()
        region_name = row["region_name"].strip()
        code = row["municipality_code"].strip()
        name = row["municipality_name"].strip()
        if not REGION_CODE.fullmatch(region_code):
            errors.append(f"line {line}: bad region code {region_code!r}")
        if not MUNICIPALITY_CODE.fullmatch(code):
            errors.append(f"line {line}: bad municipality code {code!r}")
        if not region_name or not name:
            errors.append(f"line {line}: empty name")
        if any("\x00" in value for value in row.values()):
            errors.append(f"line {line}: contains a NUL character")
        if max(len(region_name), len(name)) > NAME_MAX_LENGTH:
            errors.append(f"line {line}: name longer than {NAME_MAX_LENGTH} characters")
        if code in seen:
            errors.append(f"line {line}: municipality {code} appears twice")
        if regions.get(region_code, region_name) != region_name:
            errors.append(f"line {line}: region {region_code} has two names")
        seen.add(code)
        regions[region_code] = region_name
        municipalities.append((code, name, region_code))
    if not municipalities and not errors:
        errors.append("the file holds no municipalities")
    if errors:
        raise RegionDataError(errors)
    return regions, municipalities


@transaction.atomic
def regions_load(
    *, text: str | None = None, reference_year: int = DEFAULT_REFERENCE_YEAR
) -> LoadResult:
    """Create or update every region and municipality in the CSV.

    The whole file is validated before anything is written, so a bad row
    leaves the database as it was. Loading the same file twice changes
    nothing.
    """
    if text is None:
        text = DEFAULT_CSV.read_text(encoding="utf-8")
    regions, municipalities = _parse(text)
    Region.objects.bulk_create(
        [
            Region(
                code=code,
                name=name,
                reference_year=reference_year,
                aliases=REGION_ALIASES.get(code, ""),
            )
            for code, name in regions.items()
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "reference_year"],
    )
    region_ids = dict(Region.objects.filter(code__in=regions).values_list("code", "id"))
    Municipality.objects.bulk_create(
        [
            Municipality(
                code=code,
                name=name,
                region_id=region_ids[region_code],
                reference_year=reference_year,
            )
            for code, name, region_code in municipalities
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "region", "reference_year"],
    )
    return LoadResult(regions=len(regions), municipalities=len(municipalities))


# Trajectories ---------------------------------------------------------------

PHASE_ORDER: tuple[str, ...] = tuple(Trajectory.Phase.values)
TARGET_MAX = 10_000
DEFAULT_TARGETS: dict[str, int] = {
    ParticipantRole.PLEEGOUDER.value: 10,
    ParticipantRole.PLEEGKIND.value: 5,
    ParticipantRole.EIGEN_KIND.value: 5,
    ParticipantRole.OUDER.value: 5,
    ParticipantRole.PROFESSIONAL.value: 10,
    ParticipantRole.BELEIDSMAKER.value: 5,
}

ErrorDict = dict[str, list[str]]


def phase_after(phase: str) -> str | None:
    """Return the phase that follows ``phase``; None after the last or if unknown."""
    if phase not in PHASE_ORDER:
        return None
    index = PHASE_ORDER.index(phase) + 1
    return PHASE_ORDER[index] if index < len(PHASE_ORDER) else None


def phase_before(phase: str) -> str | None:
    """Return the phase before ``phase``; None before the first or if unknown."""
    if phase not in PHASE_ORDER:
        return None
    index = PHASE_ORDER.index(phase) - 1
    return PHASE_ORDER[index] if index >= 0 else None


def _phase_label(phase: str) -> str:
    return str(Trajectory.Phase(phase).label)


def _period_errors(
    *, trajectory_format: str, opens_on: dt.date | None, closes_on: dt.date | None
) -> ErrorDict:
    """Check the survey period: both dates or neither, and in order.

    A traject always starts with the survey; a dialoogtafel may go without.
    """
    if opens_on is None and closes_on is None:
        if trajectory_format == Trajectory.Format.TRAJECT:
            return {
                "survey_opens_on": [
                    _(
                        "Een traject begint met een vragenlijst. Vul in vanaf "
                        "wanneer de vragenlijst open is."
                    )
                ],
                "survey_closes_on": [
                    _("Vul in tot en met wanneer de vragenlijst open is.")
                ],
            }
        return {}
    if opens_on is None:
        return {"survey_opens_on": [_("Vul ook de begindatum in.")]}
    if closes_on is None:
        return {"survey_closes_on": [_("Vul ook de einddatum in.")]}
    if closes_on < opens_on:
        return {
            "survey_closes_on": [
                _(
                    "De einddatum ligt vóór de begindatum. Kies een einddatum op "
                    "of na %(date)s."
                )
                % {"date": date_format(opens_on)}
            ]
        }
    return {}


def _target_errors(targets: Mapping[str, object]) -> ErrorDict:
    """Check that every target is a whole number from 0 to TARGET_MAX per known role."""
    messages = []
    for role, value in targets.items():
        if role not in ParticipantRole.values:
            messages.append(_("Onbekende rol: %(role)s.") % {"role": str(role)[:40]})
            continue
        label = ParticipantRole(role).label
        if isinstance(value, bool) or not isinstance(value, int):
            messages.append(
                _("Het streefaantal voor %(role)s is geen heel getal.")
                % {"role": label}
            )
        elif not 0 <= value <= TARGET_MAX:
            messages.append(
                _("Het streefaantal voor %(role)s moet tussen 0 en 10.000 liggen.")
                % {"role": label}
            )
    return {"targets": messages} if messages else {}


def _municipality_errors(
    *, region: Region, municipalities: list[Municipality]
) -> ErrorDict:
    if not municipalities:
        return {"municipalities": [_("Kies minstens één gemeente.")]}
    if any(municipality.region_id != region.pk for municipality in municipalities):
        return {
            "municipalities": [
                _("Kies alleen gemeenten uit de regio %(region)s.")
                % {"region": region.name}
            ]
        }
    return {}


def _check(
    trajectory: Trajectory, *, municipalities: list[Municipality], targets: Mapping
) -> None:
    """Raise one ValidationError with every problem, keyed by field name."""
    errors: ErrorDict = {}
    errors |= _period_errors(
        trajectory_format=trajectory.format,
        opens_on=trajectory.survey_opens_on,
        closes_on=trajectory.survey_closes_on,
    )
    errors |= _target_errors(targets)
    errors |= _municipality_errors(
        region=trajectory.region, municipalities=municipalities
    )
    if errors:
        raise ValidationError(errors)
    # The model does not mark the dates blank=True; an empty period was
    # judged by _period_errors (a dialoogtafel may go without a survey).
    trajectory.full_clean(
        exclude=[
            name
            for name in ("survey_opens_on", "survey_closes_on")
            if getattr(trajectory, name) is None
        ]
    )


@transaction.atomic
def trajectory_create(
    *,
    region: Region,
    name: str,
    created_by: "User | None",
    format: str = Trajectory.Format.TRAJECT,
    municipalities: Iterable[Municipality] | None = None,
    survey_opens_on: dt.date | None = None,
    survey_closes_on: dt.date | None = None,
    targets: Mapping[str, int] | None = None,
) -> Trajectory:
    """Create a trajectory for ``region`` in the phase voorbereiding.

    Without ``municipalities`` it covers every municipality of the region;
    without ``targets`` it gets ``DEFAULT_TARGETS``. Raises ValidationError,
    keyed by field name, when the input does not fit.
    """
    if municipalities is None:
        chosen = list(region.municipalities.all())
    else:
        chosen = list(municipalities)
    targets = dict(DEFAULT_TARGETS if targets is None else targets)
    trajectory = Trajectory(
        region=region,
        name=name.strip(),
        format=format,
        survey_opens_on=survey_opens_on,
        survey_closes_on=survey_closes_on,
        targets=targets,
        created_by=created_by,
    )
    _check(trajectory, municipalities=chosen, targets=targets)
    trajectory.save()
    trajectory.municipalities.set(chosen)
    return trajectory


@transaction.atomic
def trajectory_update(
    *,
    trajectory: Trajectory,
    name: str,
    format: str,
    municipalities: Iterable[Municipality],
    survey_opens_on: dt.date | None,
    survey_closes_on: dt.date | None,
    targets: Mapping[str, int],
) -> Trajectory:
    """Change a trajectory's set-up; its region and phase stay as they are.

    Only the set-up columns are written, so a phase move made meanwhile by
    someone else is kept.
    """
    chosen = list(municipalities)
    targets = dict(targets)
    trajectory.name = name.strip()
    trajectory.format = format
    trajectory.survey_opens_on = survey_opens_on
    trajectory.survey_closes_on = survey_closes_on
    trajectory.targets = targets
    _check(trajectory, municipalities=chosen, targets=targets)
    trajectory.save(
        update_fields=[
            "name",
            "format",
            "survey_opens_on",
            "survey_closes_on",
            "targets",
            "updated_at",
        ]
    )
    trajectory.municipalities.set(chosen)
    return trajectory


@transaction.atomic
def trajectory_move_phase(*, trajectory: Trajectory, to_phase: str) -> Trajectory:
    """Move the trajectory one phase forward or back; skipping is refused.

    The row is locked first, so two people pressing the same button move it
    once: the second gets a ValidationError saying it is already there.
    """
    locked = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if to_phase not in PHASE_ORDER:
        raise ValidationError(
            _("Deze fase bestaat niet. Kies een fase met de knoppen op de pagina.")
        )
    if to_phase == locked.phase:
        raise ValidationError(
            _("Het traject staat al in de fase “%(phase)s”.")
            % {"phase": _phase_label(to_phase)}
        )
    if to_phase not in (phase_after(locked.phase), phase_before(locked.phase)):
        raise ValidationError(
            _(
                "Het traject staat in de fase “%(current)s”. U kunt alleen naar de "
                "volgende of de vorige fase, niet naar “%(phase)s”."
            )
            % {
                "current": _phase_label(locked.phase),
                "phase": _phase_label(to_phase),
            }
        )
    errors = phase_errors(trajectory=locked, from_phase=locked.phase, to_phase=to_phase)
    if errors:
        raise ValidationError(errors)
    locked.phase = to_phase
    locked.closed_on = (
        timezone.localdate() if to_phase == Trajectory.Phase.AFGEROND else None
    )
    locked.full_clean()
    locked.save(update_fields=["phase", "closed_on", "updated_at"])
    trajectory.phase = locked.phase
    trajectory.closed_on = locked.closed_on
    return locked


@transaction.atomic
def trajectory_assign_members(
    *,
    trajectory: Trajectory,
    facilitators: Iterable["User"],
    policy_makers: Iterable["User"],
) -> Trajectory:
    """Set the trajectory's facilitators and beleidsmakers to exactly these users.

    A deactivated account may stay on the team, but cannot be added to it.
    """
    facilitators = list(facilitators)
    policy_makers = list(policy_makers)
    current = set(trajectory.facilitators.values_list("pk", flat=True)) | set(
        trajectory.policy_makers.values_list("pk", flat=True)
    )
    inactive = sorted(
        {
            str(user)
            for user in facilitators + policy_makers
            if not user.is_active and user.pk not in current
        }
    )
    if inactive:
        raise ValidationError(
            _("Dit account is niet meer actief en kan niet meedoen: %(names)s.")
            % {"names": ", ".join(inactive)}
        )
    trajectory.facilitators.set(facilitators)
    trajectory.policy_makers.set(policy_makers)
    return trajectory
