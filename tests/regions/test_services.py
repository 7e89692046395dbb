"""Loading the CBS jeugdregio indeling: counts, codes, idempotence, bad rows."""

from io import StringIO

import pytest
from django.core.management import CommandError
from django.core.management import call_command

from regions.models import Municipality
from regions.models import Region
from regions.services import DEFAULT_CSV
from regions.services import RegionDataError
from regions.services import regions_load

HEADER = "region_code,region_name,municipality_code,municipality_name\n"
GOOD_ROW = "JZ32,Rijk van Nijmegen,GM0268,Nijmegen\n"


def _counts():
    return Region.objects.count(), Municipality.objects.count()


@pytest.mark.django_db
def test_shipped_file_loads_42_regions_and_342_municipalities():
    result = regions_load()

    assert (result.regions, result.municipalities) == (42, 342)
    assert _counts() == (42, 342)


@pytest.mark.django_db
def test_regions_and_municipalities_are_keyed_on_cbs_codes():
    regions_load()

    nijmegen = Municipality.objects.select_related("region").get(code="GM0268")
    assert nijmegen.name == "Nijmegen"
    assert nijmegen.region.code == "JZ32"
    assert nijmegen.region.name == "Rijk van Nijmegen"


@pytest.mark.django_db
def test_rijk_van_nijmegen_holds_the_seven_pilot_municipalities():
    regions_load()

    names = set(
        Municipality.objects.filter(region__code="JZ32").values_list("name", flat=True)
    )
    assert names == {
        "Berg en Dal",
        "Beuningen",
        "Druten",
        "Heumen",
        "Mook en Middelaar",
        "Nijmegen",
        "Wijchen",
    }


@pytest.mark.django_db
def test_region_code_jz40_is_not_used_in_2025():
    regions_load()

    assert not Region.objects.filter(code="JZ40").exists()


@pytest.mark.django_db
def test_reference_year_is_stored_on_regions_and_municipalities():
    regions_load(reference_year=2025)

    assert set(Region.objects.values_list("reference_year", flat=True)) == {2025}
    assert set(Municipality.objects.values_list("reference_year", flat=True)) == {2025}


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    regions_load()
    before = list(
        Municipality.objects.order_by("code").values_list(
            "pk", "code", "name", "region_id", "reference_year"
        )
    )

    regions_load()

    after = list(
        Municipality.objects.order_by("code").values_list(
            "pk", "code", "name", "region_id", "reference_year"
        )
    )
    assert _counts() == (42, 342)
    assert after == before


@pytest.mark.django_db
def test_loading_again_updates_a_renamed_municipality_in_place():
    regions_load(text=HEADER + GOOD_ROW)
    pk = Municipality.objects.get(code="GM0268").pk

    regions_load(text=HEADER + "JZ32,Rijk van Nijmegen,GM0268,Nijmegen (Gld.)\n")

    municipality = Municipality.objects.get(code="GM0268")
    assert (municipality.pk, municipality.name) == (pk, "Nijmegen (Gld.)")


@pytest.mark.django_db
def test_a_file_starting_with_a_byte_order_mark_loads():
    result = regions_load(text="\ufeff" + HEADER + GOOD_ROW)

    assert (result.regions, result.municipalities) == (1, 1)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("JZ3,Rijk van Nijmegen,GM0268,Nijmegen\n", "bad region code 'JZ3'"),
        ("JZ32,Rijk van Nijmegen,0268,Nijmegen\n", "bad municipality code '0268'"),
        ("JZ32,Rijk van Nijmegen,GM0268\n", "expected 4 columns"),
        ("JZ32,Rijk van Nijmegen,GM0268,Nijmegen,extra\n", "expected 4 columns"),
        ("JZ32,Rijk van Nijmegen,GM0268,\n", "empty name"),
        ("JZ32,Rijk van Nijmegen,GM0268,Nij\x00megen\n", "NUL character"),
        ("JZ32,Rijk van Nijmegen,GM0268," + "x" * 121 + "\n", "longer than 120"),
        ("JZ34,West Brabant Oost,GM0758,Breda\n", "GM0758 appears twice"),
        ("JZ34,West-Brabant Oost,GM0777,Drimmelen\n", "region JZ34 has two names"),
    ],
    ids=[
        "short-region-code",
        "municipality-code-without-gm",
        "missing-column",
        "extra-column",
        "empty-name",
        "nul-character",
        "name-too-long",
        "duplicate-municipality",
        "region-with-two-names",
    ],
)
@pytest.mark.django_db
def test_malformed_row_is_refused_with_its_line_and_nothing_is_written(row, message):
    text = HEADER + "JZ34,West Brabant Oost,GM0758,Breda\n" + row

    with pytest.raises(RegionDataError) as excinfo:
        regions_load(text=text)

    assert any(error.startswith("line 3: ") for error in excinfo.value.errors)
    assert message in str(excinfo.value)
    assert _counts() == (0, 0)


@pytest.mark.django_db
def test_error_names_the_files_own_line_after_a_blank_line():
    text = HEADER + GOOD_ROW + "\n" + "JZ3,Rijk van Nijmegen,GM0209,Beuningen\n"

    with pytest.raises(RegionDataError) as excinfo:
        regions_load(text=text)

    assert excinfo.value.errors == ["line 4: bad region code 'JZ3'"]


@pytest.mark.django_db
def test_every_bad_row_is_reported_at_once():
    text = HEADER + "JZ3,A,GM0001,B\n" + GOOD_ROW + "JZ32,Rijk van Nijmegen,GM1,C\n"

    with pytest.raises(RegionDataError) as excinfo:
        regions_load(text=text)

    assert excinfo.value.errors == [
        "line 2: bad region code 'JZ3'",
        "line 4: bad municipality code 'GM1'",
    ]


@pytest.mark.django_db
def test_wrong_header_is_refused():
    with pytest.raises(RegionDataError, match="header must be region_code"):
        regions_load(text="code,name\nJZ32,Rijk van Nijmegen\n")


@pytest.mark.django_db
def test_file_without_rows_is_refused():
    with pytest.raises(RegionDataError, match="no municipalities"):
        regions_load(text=HEADER)


@pytest.mark.django_db
def test_bad_file_leaves_a_loaded_database_as_it_was():
    regions_load()
    bad = DEFAULT_CSV.read_text(encoding="utf-8").replace(
        "JZ32,Rijk van Nijmegen,GM0268,Nijmegen",
        "JZ32,Rijk van Nijmegen,GM0268,Nijmegen-Oost\nJZ32,Rijk van Nijmegen,XX,Lent",
    )

    with pytest.raises(RegionDataError):
        regions_load(text=bad)

    assert _counts() == (42, 342)
    assert Municipality.objects.get(code="GM0268").name == "Nijmegen"


@pytest.mark.django_db
def test_load_regions_command_loads_the_shipped_file_and_says_so():
    out = _call_load_regions()

    assert "Loaded 42 regions and 342 municipalities." in out
    assert _counts() == (42, 342)


@pytest.mark.django_db
def test_load_regions_command_run_twice_duplicates_nothing():
    _call_load_regions()
    _call_load_regions()

    assert _counts() == (42, 342)


@pytest.mark.django_db
def test_load_regions_command_refuses_a_malformed_file_and_writes_nothing(tmp_path):
    path = tmp_path / "regios.csv"
    path.write_text(HEADER + GOOD_ROW + "JZ32,Rijk van Nijmegen,GM12345,Lent\n")

    with pytest.raises(CommandError) as excinfo:
        _call_load_regions("--file", str(path))

    assert "Nothing was loaded" in str(excinfo.value)
    assert "line 3: bad municipality code 'GM12345'" in str(excinfo.value)
    assert _counts() == (0, 0)


@pytest.mark.django_db
def test_load_regions_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        _call_load_regions("--file", str(tmp_path / "absent.csv"))


@pytest.mark.django_db
def test_load_regions_command_reports_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "regios.csv"
    path.write_bytes(
        (HEADER + "JZ02,Friesland (Fryslân),GM1900,Súdwest-Fryslân\n").encode("latin-1")
    )

    with pytest.raises(CommandError, match="Cannot read"):
        _call_load_regions("--file", str(path))

    assert _counts() == (0, 0)


def _call_load_regions(*args):
    out = StringIO()
    call_command("load_regions", *args, stdout=out)
    return out.getvalue()
