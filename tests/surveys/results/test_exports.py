"""Exports read back: headers, numbers equal to surveys.stats, nothing hidden leaks."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from surveys.models import OpenAnswerReview
from surveys.results.exports import OTHER_MUNICIPALITY
from surveys.results.exports import results_headers
from surveys.results.figures import ALL
from surveys.results.spreadsheet import safe_text
from surveys.results.stats import survey_results
from surveys.services import questionnaire_get_or_create
from tests.regions.factories import MunicipalityFactory
from tests.surveys.results.test_stats import make_responses
from tests.surveys.results.test_stats import shared_likert
from tests.surveys.test_review_helpers import NEVER_SHOWN
from tests.surveys.test_review_helpers import TEXTS
from tests.surveys.test_review_helpers import add_open_answer
from tests.surveys.test_review_helpers import add_response
from tests.surveys.test_review_helpers import make_review_states
from tests.surveys.test_review_helpers import set_review

Status = OpenAnswerReview.Status
HIDDEN = "verborgen: minder dan 5, of nodig om een kleine groep te beschermen"


@pytest.fixture
def questionnaire(trajectory):
    return questionnaire_get_or_create(trajectory=trajectory)


@pytest.fixture
def statement(questionnaire):
    """A statement for pleegouder, professional and ouder, answered by hand.

    pleegouder (6): 5 4 4 3 "weet ik niet" 2 -> n 5, 60% positive, score 65
    professional (5): 1 2 5 5 4 -> shown on its own, but hidden here: the 2
        ouders are hidden, and 2 could be worked out from the total
    ouder (2): 3 4 -> hidden (fewer than 5)
    """
    _theme, question = shared_likert(
        questionnaire, "pleegouder", "professional", "ouder"
    )
    make_responses(questionnaire, "pleegouder", {question.id: [5, 4, 4, 3, 0, 2]})
    make_responses(questionnaire, "professional", {question.id: [1, 2, 5, 5, 4]})
    make_responses(questionnaire, "ouder", {question.id: [3, 4]})
    return question


def url(name, trajectory):
    return reverse(f"surveys:{name}", kwargs={"pk": trajectory.pk})


def read_xlsx(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def read_csv(response):
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def same(value):
    """A cell as a comparable value: numbers as floats, empty as ""."""
    if value is None:
        return ""
    try:
        return float(value)
    except ValueError:
        return str(value)


def rows_for(rows, key, group):
    return [row for row in rows if row[2] == key and row[3] == group]


# --- Aggregated results ----------------------------------------------------------------


def test_results_xlsx_has_the_documented_sheets_and_headers(
    client_for, questionnaire, statement, trajectory
):
    response = client_for("beleidsmaker").get(url("results_export_xlsx", trajectory))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="resultaten-JZ32-traject-{trajectory.pk}.xlsx"'
    )
    assert "no-store" in response["Cache-Control"]
    sheets = read_xlsx(response)
    assert list(sheets) == ["Resultaten", "Respondenten per rol", "Toelichting"]
    assert sheets["Resultaten"][0] == results_headers()


def test_results_numbers_match_a_hand_computed_case(
    client_for, questionnaire, statement, trajectory
):
    rows = read_xlsx(
        client_for("coordinator").get(url("results_export_xlsx", trajectory))
    )["Resultaten"]

    (row,) = rows_for(rows, statement.key, "Pleegouder")
    assert row[4:] == [5, 0, 1, 1, 2, 1, 1, 60.0, 65.0, None]


def test_results_numbers_match_surveys_stats_for_every_shown_cell(
    client_for, questionnaire, statement, trajectory
):
    rows = read_xlsx(client_for("staff").get(url("results_export_xlsx", trajectory)))[
        "Resultaten"
    ]
    results = survey_results(questionnaire=questionnaire)
    labels = {
        "pleegouder": "Pleegouder",
        "professional": "Professional",
        "ouder": "Ouder",
    }
    labels[ALL] = "Alle rollen"

    checked = 0
    for theme in results.themes:
        for question in theme.questions:
            for group, cell in question.cells.items():
                found = rows_for(rows, question.question.key, labels.get(group, "?"))
                if not found:
                    continue
                (row,) = found
                checked += 1
                if cell.hidden:
                    assert row[4:13] == [None] * 9
                    assert row[13] == HIDDEN
                    continue
                assert row[4] == cell.n
                assert row[5:10] == [cell.counts[p] for p in (1, 2, 3, 4, 5)]
                assert row[10] == cell.dont_know
    assert checked >= 4


def test_hidden_cells_are_empty_and_carry_the_note(
    client_for, questionnaire, statement, trajectory
):
    rows = read_xlsx(client_for("staff").get(url("results_export_xlsx", trajectory)))[
        "Resultaten"
    ]

    for group in ("Ouder", "Professional"):
        (row,) = rows_for(rows, statement.key, group)
        assert row[4:13] == [None] * 9, group
        assert "minder dan 5" in row[13]
    (total,) = rows_for(rows, statement.key, "Alle rollen")
    assert total[4] == 12


def test_respondents_per_role_hide_small_groups(
    client_for, questionnaire, statement, trajectory
):
    rows = read_xlsx(client_for("staff").get(url("results_export_xlsx", trajectory)))[
        "Respondenten per rol"
    ]

    by_group = {row[0]: row[1:] for row in rows[1:]}
    assert by_group["Alle rollen"] == [13, None]
    assert by_group["Pleegouder"] == [6, None]
    assert by_group["Ouder"] == [None, HIDDEN]
    assert by_group["Professional"] == [None, HIDDEN]
    assert by_group["Pleegkind of pleegjongere"] == [0, None]


def test_results_csv_holds_the_same_rows_with_a_bom_and_commas(
    client_for, questionnaire, statement, trajectory
):
    client = client_for("beleidsmaker")
    xlsx = read_xlsx(client.get(url("results_export_xlsx", trajectory)))
    response = client.get(url("results_export_csv", trajectory))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith(
        f'filename="resultaten-JZ32-traject-{trajectory.pk}.csv"'
    )
    rows = read_csv(response)
    results = xlsx["Resultaten"]
    assert [[same(v) for v in row] for row in rows[: len(results)]] == [
        [same(v) for v in row] for row in results
    ]
    assert rows[len(results)] == []
    assert rows[len(results) + 1] == ["Groep", "Aantal respondenten", "Opmerking"]


def read_dutch_csv(response):
    """Read a CSV for a Dutch Excel back: a BOM, ';' between fields."""
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def dutch_same(value):
    """A cell of the Dutch CSV as a comparable value: "65,5" is 65.5."""
    if re.fullmatch(r"-?\d+(,\d+)?", value):
        return float(value.replace(",", "."))
    return same(value)


def test_results_csv_for_a_dutch_excel_has_semicolons_and_decimal_commas(
    client_for, questionnaire, statement, trajectory
):
    client = client_for("beleidsmaker")
    xlsx = read_xlsx(client.get(url("results_export_xlsx", trajectory)))

    response = client.get(url("results_export_csv", trajectory) + "?format=csv-excel")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith(
        f'filename="resultaten-excel-JZ32-traject-{trajectory.pk}.csv"'
    )
    rows = read_dutch_csv(response)
    results = xlsx["Resultaten"]
    assert len(rows[0]) == len(results[0]) > 1
    assert [[dutch_same(v) for v in row] for row in rows[: len(results)]] == [
        [same(v) for v in row] for row in results
    ]
    floats = [
        (cell, row[i])
        for cell_row, row in zip(results, rows, strict=False)
        for i, cell in enumerate(cell_row)
        if isinstance(cell, float) and not cell.is_integer()
    ]
    assert floats
    for _value, text in floats:
        assert "," in text
        assert "." not in text
    assert rows[len(results) + 1] == ["Groep", "Aantal respondenten", "Opmerking"]


def test_responses_csv_for_a_dutch_excel_reads_back_with_semicolons(
    client_for, questionnaire, trajectory
):
    _theme, question = shared_likert(questionnaire, "pleegouder")
    make_responses(questionnaire, "pleegouder", {question.id: [4, 0]})
    client = client_for("staff")
    plain = read_csv(client.get(url("responses_export_csv", trajectory)))

    rows = read_dutch_csv(
        client.get(url("responses_export_csv", trajectory) + "?format=csv-excel")
    )

    assert rows == plain
    assert len(rows[0]) > 6


def test_the_trajectory_page_offers_the_csv_for_a_dutch_excel_beside_plain_csv(
    client_for, questionnaire, trajectory
):
    page = client_for("staff").get(
        reverse("regions:trajectory_detail", kwargs={"pk": trajectory.pk})
    )

    html = page.content.decode()
    for name in ("results_export_csv", "responses_export_csv"):
        assert f'href="{url(name, trajectory)}?format=csv-excel"' in html
        assert f'href="{url(name, trajectory)}"' in html


def test_results_exports_contain_no_open_answer_text(
    client_for, questionnaire, statement, trajectory
):
    make_review_states(questionnaire)
    client = client_for("beleidsmaker")

    blob = client.get(url("results_export_csv", trajectory)).content.decode("utf-8-sig")

    for text in TEXTS.values():
        assert text not in blob


def test_an_export_without_a_questionnaire_has_headers_only(
    client_for, other_trajectory
):
    client = client_for("staff")

    sheets = read_xlsx(client.get(url("results_export_xlsx", other_trajectory)))
    assert sheets["Resultaten"] == [results_headers()]
    rows = read_csv(client.get(url("responses_export_csv", other_trajectory)))
    assert rows == [["Nr", "Rol", "Leeftijd", "Soort pleegouder", "Gemeente", "Maand"]]


# --- Anonymous responses ------------------------------------------------------------------


@pytest.fixture
def responses(questionnaire, region):
    """Nijmegen 6, Wijchen 3, Heumen 2 and one without a municipality."""
    nijmegen = MunicipalityFactory(region=region, name="Nijmegen")
    wijchen = MunicipalityFactory(region=region, name="Wijchen")
    heumen = MunicipalityFactory(region=region, name="Heumen")
    for _ in range(6):
        add_response(questionnaire, municipality=nijmegen, foster_type="netwerk")
    for _ in range(3):
        add_response(questionnaire, role="professional", municipality=wijchen)
    for _ in range(2):
        add_response(questionnaire, role="ouder", municipality=heumen)
    add_response(questionnaire, role="pleegkind", age_band="12-15")
    return questionnaire


def test_responses_xlsx_has_one_row_per_response_with_sequence_numbers(
    client_for, responses, trajectory
):
    response = client_for("facilitator").get(url("responses_export_xlsx", trajectory))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="antwoorden-JZ32-traject-{trajectory.pk}.xlsx"'
    )
    sheets = read_xlsx(response)
    assert list(sheets) == ["Antwoorden", "Vragen", "Toelichting"]
    header, *rows = sheets["Antwoorden"]
    assert header[:6] == [
        "Nr",
        "Rol",
        "Leeftijd",
        "Soort pleegouder",
        "Gemeente",
        "Maand",
    ]
    keys = [row[0] for row in sheets["Vragen"][1:]]
    assert header[6:] == keys
    assert [row[0] for row in rows] == list(range(1, 13))


def test_responses_name_a_municipality_only_for_five_or_more(
    client_for, responses, trajectory
):
    rows = read_xlsx(client_for("staff").get(url("responses_export_xlsx", trajectory)))[
        "Antwoorden"
    ][1:]

    # Wijchen 3, Heumen 2 and the one without a municipality: 6 "overig".
    municipalities = sorted((row[4] or "") for row in rows)
    assert municipalities == sorted([*[OTHER_MUNICIPALITY] * 6, *["Nijmegen"] * 6])
    blob = " ".join(str(value) for row in rows for value in row)
    assert "Heumen" not in blob
    assert "Wijchen" not in blob


def test_a_large_municipality_is_unnamed_when_the_rest_is_one_small_one(
    client_for, questionnaire, region, trajectory
):
    nijmegen = MunicipalityFactory(region=region, name="Nijmegen")
    heumen = MunicipalityFactory(region=region, name="Heumen")
    for _ in range(6):
        add_response(questionnaire, municipality=nijmegen)
    for _ in range(2):
        add_response(questionnaire, municipality=heumen)

    rows = read_xlsx(client_for("staff").get(url("responses_export_xlsx", trajectory)))[
        "Antwoorden"
    ][1:]

    # "Nijmegen" beside "anders" would tell that "anders" means the 2 in Heumen.
    assert {row[4] for row in rows} == {OTHER_MUNICIPALITY}


def test_responses_show_the_month_only(client_for, responses, trajectory):
    rows = read_xlsx(client_for("staff").get(url("responses_export_xlsx", trajectory)))[
        "Antwoorden"
    ][1:]

    for row in rows:
        assert len(row[5]) == 7
        assert row[5][4] == "-"


def test_responses_show_an_open_answer_only_once_approved_and_safe(
    client_for, questionnaire, trajectory
):
    make_review_states(questionnaire)
    client = client_for("coordinator")

    sheets = read_xlsx(client.get(url("responses_export_xlsx", trajectory)))
    values = {str(v) for row in sheets["Antwoorden"][1:] for v in row if v is not None}
    text = client.get(url("responses_export_csv", trajectory)).content.decode(
        "utf-8-sig"
    )

    for blob in (values, text):
        assert TEXTS["approved"] in blob
        assert TEXTS["edited"] in blob
        for state in NEVER_SHOWN:
            assert TEXTS[state] not in blob, state


def test_responses_export_likert_numbers_and_dont_know(
    client_for, questionnaire, trajectory
):
    _theme, question = shared_likert(questionnaire, "pleegouder")
    make_responses(questionnaire, "pleegouder", {question.id: [4, 0, 4, 4, 4]})

    sheets = read_xlsx(
        client_for("staff").get(url("responses_export_xlsx", trajectory))
    )
    header, *rows = sheets["Antwoorden"]
    column = header.index(question.key)

    assert sorted(str(row[column]) for row in rows) == [*["4"] * 4, "weet ik niet"]


@pytest.mark.parametrize(
    "hostile",
    [
        '=HYPERLINK("http://evil.example","klik")',
        "+31 6 12345678",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_formula_injection_is_neutralised_in_both_formats(
    client_for, questionnaire, trajectory, hostile
):
    answer = add_open_answer(questionnaire, hostile)
    set_review(answer, status=Status.APPROVED)
    for _ in range(4):  # a single response is never a row of its own
        add_response(questionnaire)
    client = client_for("staff")

    sheets = read_xlsx(client.get(url("responses_export_xlsx", trajectory)))
    values = [v for row in sheets["Antwoorden"][1:] for v in row if isinstance(v, str)]
    rows = read_csv(client.get(url("responses_export_csv", trajectory)))
    cells = [v for row in rows[1:] for v in row]

    # XML turns a carriage return into a line feed; it is still neutralised.
    assert "'" + hostile.replace("\r", "\n") in values
    assert "'" + hostile in cells
    for value in values + cells:
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("  =1+1", "'  =1+1"),
        ("gewoon", "gewoon"),
        ("a\x00b\x07c", "abc"),
        ("", ""),
        ("3 - 2", "3 - 2"),
    ],
)
def test_safe_text(value, expected):
    assert safe_text(value) == expected


def test_a_control_character_in_an_answer_does_not_break_the_xlsx(
    client_for, questionnaire, trajectory
):
    answer = add_open_answer(questionnaire, "Goed\x01 geregeld\x0b.")
    set_review(answer, status=Status.APPROVED)
    for _ in range(4):  # a single response is never a row of its own
        add_response(questionnaire)

    sheets = read_xlsx(
        client_for("staff").get(url("responses_export_xlsx", trajectory))
    )

    assert "Goed geregeld." in {v for row in sheets["Antwoorden"] for v in row}


def _export_queries(client, trajectory, name) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(name, trajectory))
    assert response.status_code == 200
    return len(queries)


def _add_data(questionnaire, count):
    _theme, question = shared_likert(questionnaire, "pleegouder")
    make_responses(questionnaire, "pleegouder", {question.id: [4] * count})
    for index in range(count):
        answer = add_open_answer(questionnaire, f"Tekst {index}")
        if index % 2:
            set_review(answer, status=Status.EDITED, edited_text="Aangepast")


@pytest.mark.parametrize(
    "name",
    [
        "responses_export_xlsx",
        "responses_export_csv",
        "results_export_xlsx",
        "results_export_csv",
    ],
)
def test_exports_take_the_same_queries_for_few_and_many_responses(
    client_for, questionnaire, trajectory, name
):
    client = client_for("staff")
    _add_data(questionnaire, 3)
    client.get(url(name, trajectory))  # warm the structure cache
    few = _export_queries(client, trajectory, name)

    _add_data(questionnaire, 30)
    many = _export_queries(client, trajectory, name)

    assert few == many
