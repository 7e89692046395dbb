"""Survey links, QR codes, the response dashboard and the trajectory section."""

import io
import struct
import xml.etree.ElementTree as ET

import pytest
import segno
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from regions.models import Trajectory
from surveys.views.coordinator import QR_BORDER
from surveys.views.coordinator import QR_PNG_SCALE
from surveys.views.coordinator import survey_section_context
from tests.regions.factories import MunicipalityFactory
from tests.surveys.factories import QuestionnaireFactory
from tests.surveys.factories import ResponseFactory

ROLES = [
    "pleegouder",
    "pleegkind",
    "eigen_kind",
    "ouder",
    "professional",
    "beleidsmaker",
]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def coordinator(client_for):
    return client_for("coordinator")


def links_url(trajectory):
    return reverse("surveys:survey_links", kwargs={"pk": trajectory.pk})


def qr_url(trajectory, kind):
    return reverse(f"surveys:survey_qr_{kind}", kwargs={"pk": trajectory.pk})


def dashboard_url(trajectory):
    return reverse("surveys:response_dashboard", kwargs={"pk": trajectory.pk})


def counts_url(trajectory):
    return reverse("surveys:response_counts", kwargs={"pk": trajectory.pk})


def public_link(trajectory, role=""):
    if role:
        path = reverse(
            "surveys:start_role",
            kwargs={"public_token": trajectory.public_token, "role": role},
        )
    else:
        path = reverse(
            "surveys:start", kwargs={"public_token": trajectory.public_token}
        )
    return f"http://testserver{path}"


def parse_svg(content):
    return ET.fromstring(content)  # noqa: S314 - our own server's SVG


def png_modules(content):
    """Read the dark modules back from a PNG QR code, as segno's matrix."""
    image = Image.open(io.BytesIO(content)).convert("L")
    size = image.width // QR_PNG_SCALE - 2 * QR_BORDER
    half = QR_PNG_SCALE // 2
    return tuple(
        bytearray(
            1
            if image.getpixel(
                (
                    (QR_BORDER + col) * QR_PNG_SCALE + half,
                    (QR_BORDER + row) * QR_PNG_SCALE + half,
                )
            )
            < 128
            else 0
            for col in range(size)
        )
        for row in range(size)
    )


# --- Links page -----------------------------------------------------------


def test_links_page_shows_the_public_link_and_one_per_role(coordinator, trajectory):
    response = coordinator.get(links_url(trajectory))
    assert response.status_code == 200
    assert "surveys/coordinator/survey_links.html" in [
        t.name for t in response.templates
    ]
    html = response.content.decode()
    assert f'value="{public_link(trajectory)}"' in html
    for role in ROLES:
        assert f'value="{public_link(trajectory, role)}"' in html
        assert f"{qr_url(trajectory, 'svg')}?rol={role}&amp;download=1" in html
        assert f"{qr_url(trajectory, 'png')}?rol={role}&amp;download=1" in html


def test_every_link_field_has_a_label_and_every_qr_code_alt_text(
    coordinator, trajectory
):
    html = coordinator.get(links_url(trajectory)).content.decode()
    for field_id in ["link-algemeen", *(f"link-{role}" for role in ROLES)]:
        assert f'for="{field_id}"' in html
        assert f'id="{field_id}"' in html
    assert html.count('alt="QR-code') == 1 + len(ROLES)
    assert 'style="' not in html


def test_links_page_warns_when_the_survey_is_not_open(coordinator, trajectory):
    trajectory.phase = Trajectory.Phase.VOORBEREIDING
    trajectory.save()
    html = coordinator.get(links_url(trajectory)).content.decode()
    assert "de vragenlijst is nu niet open" in html


# --- QR codes -------------------------------------------------------------


def test_qr_svg_is_an_svg_image_of_the_public_link(coordinator, trajectory):
    response = coordinator.get(qr_url(trajectory, "svg"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith((b"<?xml", b"<svg"))
    root = parse_svg(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    expected = io.BytesIO()
    segno.make(public_link(trajectory), error="m").save(
        expected, kind="svg", scale=8, border=4
    )
    path = root.find("{http://www.w3.org/2000/svg}path")
    expected_path = parse_svg(expected.getvalue()).find(
        "{http://www.w3.org/2000/svg}path"
    )
    assert path.get("d") == expected_path.get("d")


def test_qr_png_encodes_the_role_link(coordinator, trajectory):
    response = coordinator.get(qr_url(trajectory, "png"), {"rol": "pleegkind"})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", response.content[16:24])
    assert width == height
    assert 200 <= width <= 2000
    expected = segno.make(public_link(trajectory, "pleegkind"), error="m")
    assert png_modules(response.content) == expected.matrix


def test_qr_is_shown_inline_unless_a_download_is_asked(coordinator, trajectory):
    response = coordinator.get(qr_url(trajectory, "svg"))
    assert not response.has_header("Content-Disposition")


@pytest.mark.parametrize(("kind", "extension"), [("svg", "svg"), ("png", "png")])
def test_qr_download_is_an_attachment_with_a_clear_name(
    coordinator, trajectory, kind, extension
):
    trajectory.name = "Het goede gesprek Rijk van Nijmegen"
    trajectory.save()
    response = coordinator.get(
        qr_url(trajectory, kind), {"rol": "ouder", "download": "1"}
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="qr-het-goede-gesprek-rijk-van-nijmegen-ouder.{extension}"'
    )


@pytest.mark.parametrize("role", ["onbekend", "PLEEGOUDER", "<script>", "x" * 500])
@pytest.mark.parametrize("kind", ["svg", "png"])
def test_qr_for_an_unknown_role_is_not_found(coordinator, trajectory, kind, role):
    assert coordinator.get(qr_url(trajectory, kind), {"rol": role}).status_code == 404


def test_qr_for_an_unknown_trajectory_is_not_found(coordinator):
    response = coordinator.get(reverse("surveys:survey_qr_svg", kwargs={"pk": 999999}))
    assert response.status_code == 404


# --- Response dashboard ---------------------------------------------------


@pytest.fixture
def places(trajectory):
    return list(trajectory.municipalities.order_by("name"))


def add(trajectory, number, *, role="pleegouder", municipality=None):
    questionnaire = QuestionnaireFactory(trajectory=trajectory)
    ResponseFactory.create_batch(
        number, questionnaire=questionnaire, role=role, municipality=municipality
    )


def role_cell(html, label):
    """The text of the count cell in the role table row for ``label``."""
    start = html.index(f'<th scope="row">{label}</th>')
    cell = html.index("<td", start)
    return html[html.index(">", cell) + 1 : html.index("</td>", cell)]


def test_dashboard_shows_exact_counts_of_five_and_more(coordinator, trajectory, places):
    trajectory.targets = {"pleegouder": 20}
    trajectory.save()
    add(trajectory, 12, role="pleegouder", municipality=places[0])
    add(trajectory, 5, role="professional", municipality=places[1])
    response = coordinator.get(dashboard_url(trajectory))
    assert response.status_code == 200
    html = response.content.decode()
    assert role_cell(html, "Pleegouder") == "12"
    assert role_cell(html, "Professional") == "5"
    assert role_cell(html, "Ouder") == "0"
    assert '<progress class="w-100" value="12" max="20"' in html
    assert "60%" in html
    assert "<caption" in html
    assert 'style="' not in html


def test_dashboard_shows_small_groups_as_less_than_five(
    coordinator, trajectory, places
):
    add(trajectory, 12, role="pleegouder", municipality=places[0])
    add(trajectory, 9, role="professional", municipality=places[0])
    add(trajectory, 2, role="ouder", municipality=places[1])
    add(trajectory, 3, role="pleegkind", municipality=places[1])
    html = coordinator.get(dashboard_url(trajectory)).content.decode()
    assert role_cell(html, "Ouder") == "&lt; 5"
    assert role_cell(html, "Pleegkind of pleegjongere") == "&lt; 5"
    assert role_cell(html, "Pleegouder") == "12"
    assert role_cell(html, places[1].name) == "5"


def test_dashboard_hides_a_second_count_when_one_small_one_could_be_worked_out(
    coordinator, trajectory, places
):
    """Showing 20 and 6 of 29 would give the 3 ouders away by subtraction."""
    add(trajectory, 20, role="pleegouder", municipality=places[0])
    add(trajectory, 6, role="professional", municipality=places[0])
    add(trajectory, 3, role="ouder", municipality=places[0])
    html = coordinator.get(dashboard_url(trajectory)).content.decode()
    assert role_cell(html, "Ouder") == "&lt; 5"
    assert role_cell(html, "Professional") == "5 of meer"
    assert role_cell(html, "Pleegouder") == "20"
    assert "In totaal is de vragenlijst <strong>29</strong> keer ingevuld." in html
    # No hidden number leaks through a progress bar or the fragment digest.
    assert 'value="3"' not in html
    assert 'value="6"' not in html


def test_dashboard_loads_htmx_from_our_own_static_files(coordinator, trajectory):
    html = coordinator.get(dashboard_url(trajectory)).content.decode()
    assert "django_htmx/htmx-2.min.js" in html
    assert f'data-hx-get="{counts_url(trajectory)}?v=' in html
    assert 'data-hx-trigger="every 15s"' in html
    assert 'aria-live="polite"' in html
    assert "<script>" not in html


def test_counts_fragment_is_the_numbers_without_the_page(
    coordinator, trajectory, places
):
    add(trajectory, 7, role="pleegouder", municipality=places[0])
    response = coordinator.get(counts_url(trajectory), headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="response-counts"' in html
    assert 'id="response-total" class="fs-5" data-hx-swap-oob="true"' in html
    assert role_cell(html, "Pleegouder") == "7"


def test_counts_fragment_answers_no_content_while_nothing_changed(
    coordinator, trajectory, places
):
    add(trajectory, 7, role="pleegouder", municipality=places[0])
    html = coordinator.get(counts_url(trajectory)).content.decode()
    digest = html.split("?v=", 1)[1].split('"', 1)[0]
    response = coordinator.get(counts_url(trajectory), {"v": digest})
    assert response.status_code == 204
    add(trajectory, 1, role="pleegouder", municipality=places[0])
    assert coordinator.get(counts_url(trajectory), {"v": digest}).status_code == 200


def test_counts_fragment_queries_do_not_grow_with_responses(
    coordinator, trajectory, places
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert coordinator.get(counts_url(trajectory)).status_code == 200
        return len(captured)

    add(trajectory, 10, municipality=places[0])
    small = queries()
    add(trajectory, 190, role="professional", municipality=places[1])
    assert queries() == small


# --- Trajectory page section ----------------------------------------------


def test_trajectory_page_shows_the_survey_section(coordinator, trajectory):
    trajectory.phase = Trajectory.Phase.VRAGENLIJST_OPEN
    trajectory.save()
    add(trajectory, 7)
    html = coordinator.get(trajectory.get_absolute_url()).content.decode()
    assert 'id="survey-section-heading"' in html
    assert f'value="{public_link(trajectory)}"' in html
    assert "Mensen kunnen de vragenlijst nu invullen." in html
    # While the survey is open, counted in steps of 5 (issue #11).
    assert "<strong>5</strong> keer ingevuld. Of iets meer" in html
    assert links_url(trajectory) in html
    assert dashboard_url(trajectory) in html


def test_trajectory_page_section_says_when_the_survey_is_not_open(
    coordinator, trajectory
):
    trajectory.phase = Trajectory.Phase.VOORBEREIDING
    trajectory.save()
    html = coordinator.get(trajectory.get_absolute_url()).content.decode()
    assert "Niet open" in html


@pytest.mark.parametrize(
    ("role", "shown"), [("other_coordinator", True), ("coordinator", False)]
)
def test_survey_section_is_only_for_those_who_may_see_the_links(
    role, shown, users_by_role, other_trajectory
):
    request = RequestFactory().get("/")
    request.user = users_by_role[role]
    context = survey_section_context(request, other_trajectory)
    assert (context is not None) is shown


def test_dashboard_lists_the_trajectorys_municipalities(coordinator, trajectory):
    extra = MunicipalityFactory(region=trajectory.region, name="Heumen")
    trajectory.municipalities.add(extra)
    html = coordinator.get(dashboard_url(trajectory)).content.decode()
    assert '<th scope="row">Heumen</th>' in html
    assert '<th scope="row">Zegt liever niet</th>' in html
