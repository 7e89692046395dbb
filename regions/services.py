"""Writes for regions: loading the CBS indeling."""

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import Municipality
from .models import Region

DEFAULT_CSV = Path(__file__).resolve().parent / "data" / "jeugdzorgregios.csv"
DEFAULT_REFERENCE_YEAR = 2025
EXPECTED_COLUMNS = (
    "region_code",
    "region_name",
    "municipality_code",
    "municipality_name",
)
REGION_CODE = re.compile(r"^JZ\d{2}$")
MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")

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
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != EXPECTED_COLUMNS:
        raise RegionDataError(
            [f"header must be {','.join(EXPECTED_COLUMNS)}, got {reader.fieldnames}"]
        )
    errors: list[str] = []
    regions: dict[str, str] = {}
    municipalities: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        if None in row or any(value is None for value in row.values()):
            errors.append(f"line {line}: expected 4 columns")
            continue
        region_code = row["region_code"].strip()
        region_name = row["region_name"].strip()
        code = row["municipality_code"].strip()
        name = row["municipality_name"].strip()
        if not REGION_CODE.match(region_code):
            errors.append(f"line {line}: bad region code {region_code!r}")
        if not MUNICIPALITY_CODE.match(code):
            errors.append(f"line {line}: bad municipality code {code!r}")
        if not region_name or not name:
            errors.append(f"line {line}: empty name")
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
